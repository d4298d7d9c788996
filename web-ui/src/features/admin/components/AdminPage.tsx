// The super admin's view of the whole server: workspaces, users, the audit log and server settings.
import { useRef, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/PageHeader';
import { AuditTab } from './AuditTab';
import { SettingsTab } from './SettingsTab';
import { UsersTab } from './UsersTab';
import { WorkspacesTab } from './WorkspacesTab';

const TABS = [
  { id: 'workspaces', label: 'Workspaces' },
  { id: 'users', label: 'Users' },
  { id: 'audit', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
] as const;
type TabId = (typeof TABS)[number]['id'];

function isTab(value: string | null): value is TabId {
  return TABS.some((tab) => tab.id === value);
}

export function AdminPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active: TabId = isTab(requested) ? requested : 'workspaces';
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  function select(id: TabId) {
    setParams({ tab: id }, { replace: true });
  }

  // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = TABS.findIndex((tab) => tab.id === active);
    const step = event.key === 'ArrowRight' ? 1 : TABS.length - 1;
    const next = TABS[(index + step) % TABS.length];
    if (next) {
      select(next.id);
      tabRefs.current[next.id]?.focus();
    }
  }

  return (
    <>
      <PageHeader title="Admin" description="Everything on this server, across all workspaces." />
      <div className="tabs" role="tablist" aria-label="Admin sections" onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            className={tab.id === active ? 'tab active' : 'tab'}
            data-testid={`admin-tab-${tab.id}`}
            onClick={() => select(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`panel-${active}`}
        aria-labelledby={`tab-${active}`}
      >
        {active === 'workspaces' && <WorkspacesTab />}
        {active === 'users' && <UsersTab />}
        {active === 'audit' && <AuditTab />}
        {active === 'settings' && <SettingsTab />}
      </div>
    </>
  );
}
