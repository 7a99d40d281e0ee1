/** `aws s3 ls` without arguments: one line per bucket, creation time in local time, then the name. */
export function formatS3Ls(output: { Buckets?: Array<{ Name?: string; CreationDate?: Date }> }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (output.Buckets ?? [])
    .map((b) => {
      const d = b.CreationDate ?? new Date(0);
      const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      return `${date} ${time} ${b.Name}\n`;
    })
    .join('');
}
