/** Pickup codes, each kept whole on one line: a list breaks only between codes, never inside one. */
export function Codes({ codes, testId, className = "" }: { codes: string[]; testId: string; className?: string }) {
  return (
    <ul className={`flex flex-wrap gap-x-5 gap-y-1 font-digits font-bold ${className}`}>
      {codes.map((code) => (
        <li key={code} data-testid={testId} className="whitespace-nowrap">
          {code}
        </li>
      ))}
    </ul>
  );
}
