// Being written (issue 10).
export function FindMember({ email }: { email?: string }) {
  void email;
  return <p className="dialog">Not yet.</p>;
}
export function Invite({ email }: { email?: string }) {
  void email;
  return <p className="dialog">Not yet.</p>;
}
