// The centred card that frames the public pages (sign-in, sign-up, invitation).
import type { ReactNode } from 'react';

export function AuthLayout({ title, subtitle, children }: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <main className="auth-page">
      <div className="auth-card card">
        <div className="brand auth-brand" aria-hidden="true">
          <span className="brand-mark">P</span>
          <span className="brand-name">PMOS</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
