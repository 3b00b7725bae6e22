import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { ProfileForm } from './profile-form';

/** The device certificate profile. */
export function ProfilePanel() {
  const profile = useContractQuery('profile-get', {});
  return (
    <section className="panel" data-testid="panel-profile" aria-label="Certificate profile">
      <h2>Certificate profile</h2>
      <ErrorNotice error={profile.error} />
      {profile.value && <ProfileForm initial={profile.value} onSaved={profile.setValue} />}
    </section>
  );
}
