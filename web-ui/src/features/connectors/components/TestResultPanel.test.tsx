import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { passed } from '../testData';
import { HealthPill, healthOf } from './HealthPill';
import { TestResultPanel } from './TestResultPanel';

// Issue 8 §9: a connection that has not proven its key is amber "connected, key not verified", never "Passed".
describe('an MCP test without an identity tool', () => {
  const unverified = {
    ...passed('mcp:bcgpt', { serverName: 'bcgpt', toolCount: 3, identityCandidates: ['whoami'] }),
    authOk: false,
    status: 'unverified' as const,
  };

  it('is shown amber with what to do, never as passed', () => {
    render(<TestResultPanel step="mcp" result={unverified} />);
    const panel = screen.getByTestId('test-result-mcp');
    expect(panel).toHaveAttribute('data-state', 'unverified');
    expect(panel).toHaveClass('result-unverified');
    expect(panel).not.toHaveClass('result-passed');
    expect(panel).toHaveTextContent('Connected, key not verified');
    expect(panel).not.toHaveTextContent('Passed');
    expect(screen.getByTestId('test-unverified-mcp')).toHaveTextContent('whoami');
  });

  it('gives an amber pill in the connector lists', () => {
    expect(healthOf(unverified)).toBe('unverified');
    render(<HealthPill health={healthOf(unverified)} testId="pill" />);
    expect(screen.getByTestId('pill')).toHaveClass('outcome-warning');
    expect(screen.getByTestId('pill')).toHaveTextContent('Connected, key not verified');
  });
});
