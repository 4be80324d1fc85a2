import { ChoosePasswordPage } from '../../shared/ChoosePasswordPage';

const invitation = {
  title: 'Accept your invitation',
  intro: 'Choose a password for the support portal. You will sign in with your email address and this password.',
  endpoint: '/api/portal/invitations/accept',
  submitLabel: 'Set password and sign in',
};

/** `/portal/invitation?token=`: the link of the invitation email, where a contact's portal login begins. */
export function InvitationPage() {
  return <ChoosePasswordPage link={invitation} />;
}
