/** Links to show stored photos (fileID → URL), fetched again only when the list of files changes. */
import { useEffect, useState } from 'react';
import { photoUrls } from '../services/upload';

export function usePhotoUrls(fileIDs: string[]): Record<string, string> {
  const key = fileIDs.join('|');
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    if (key) void photoUrls(key.split('|')).then((u) => live && setUrls(u));
    return () => {
      live = false;
    };
  }, [key]);
  return urls;
}
