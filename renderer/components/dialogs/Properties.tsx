// Being written (issue 10).
export function Properties({ email }: { email?: string }) {
  void email;
  return <p className="dialog">Not yet.</p>;
}
