// Being written (issue 10).
export function SendPage({ email }: { email?: string }) {
  void email;
  return <p className="dialog">Not yet.</p>;
}
export function Pages() {
  return <p className="dialog">Not yet.</p>;
}
