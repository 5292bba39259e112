/** exceljs as a chunk of its own (see tools/build-functions.ts): the code lives in lib/xlsx.ts. */
export * from '../../../lib/xlsx';
