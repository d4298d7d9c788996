// A stand-in for the canvas in page tests (used through vi.mock): one button per step and per "+", with the
// canvas's own test ids, so the pages around it can be tested without laying out a graph.
import type { FlowCanvasProps } from './canvas';
import { allSteps, nestedChains } from './editor/flowTree';

export function FlowCanvas({ trigger, selectedStep, readOnly, onSelectStep, onInsert }: FlowCanvasProps) {
  const steps = allSteps(trigger);
  return (
    <div data-testid="flow-canvas">
      {steps.map((step) => (
        <div key={step.name}>
          <button
            type="button"
            data-testid={`step-${step.name}`}
            aria-pressed={selectedStep === step.name}
            onClick={() => onSelectStep(step.name)}
          >
            {step.displayName}
          </button>
          {!readOnly && (
            <button
              type="button"
              data-testid={`insert-after-${step.name}`}
              onClick={() => onInsert({ parentStep: step.name, stepLocationRelativeToParent: 'AFTER' })}
            >
              +
            </button>
          )}
          {!readOnly &&
            nestedChains(step).map((chain) =>
              chain.at.stepLocationRelativeToParent === 'INSIDE_LOOP' ? (
                <button
                  key="loop"
                  type="button"
                  data-testid={`insert-loop-${step.name}`}
                  onClick={() => onInsert({ parentStep: step.name, ...chain.at })}
                >
                  +
                </button>
              ) : (
                <button
                  key={chain.at.branchIndex}
                  type="button"
                  data-testid={`insert-branch-${step.name}-${chain.at.branchIndex}`}
                  onClick={() => onInsert({ parentStep: step.name, ...chain.at })}
                >
                  +
                </button>
              ),
            )}
        </div>
      ))}
    </div>
  );
}
