import { OPTIMIZER_FIELDS } from "../../engine/config.ts";
import type { EpsilonForm, OptimizerConfig } from "../../engine/types.ts";
import { fieldAccess, type ControlProps } from "./control-props.ts";
import { NumberInput } from "./NumberInput.tsx";
import "./controls.css";

/** The optimizer choices offered, each a setting of OptimizerConfig's kind and flags. */
export type OptimizerVariant = "adam" | "amsgrad" | "adamw" | "adamw-amsgrad" | "sgd";

const VARIANT_LABELS: { readonly [K in OptimizerVariant]: string } = {
  adam: "Adam",
  amsgrad: "AMSGrad (Adam, amsgrad)",
  adamw: "AdamW (decoupled weight decay)",
  "adamw-amsgrad": "AdamW with AMSGrad",
  sgd: "SGD with momentum",
};

const FORM_LABELS: { readonly [K in EpsilonForm]: string } = {
  hat: "TensorFlow (ε-hat)",
  paper: "Paper / PyTorch",
};

/** PyTorch's AdamW default, used when switching to AdamW with no decay set (AdamW with 0 is Adam). */
const ADAMW_DEFAULT_DECAY = 0.01;

export function optimizerVariant(o: OptimizerConfig): OptimizerVariant {
  if (o.kind === "sgd") return "sgd";
  if (o.decoupled) return o.amsgrad ? "adamw-amsgrad" : "adamw";
  return o.amsgrad ? "amsgrad" : "adam";
}

export function withVariant(o: OptimizerConfig, v: OptimizerVariant): OptimizerConfig {
  if (v === optimizerVariant(o)) return o;
  const adamw = v === "adamw" || v === "adamw-amsgrad";
  // Weight decay belongs to AdamW here; switching away drops it so Adam does not silently become
  // Adam + L2, and switching to it picks PyTorch's default.
  const weightDecay = adamw ? (o.decoupled && o.weightDecay > 0 ? o.weightDecay : ADAMW_DEFAULT_DECAY) : v === "sgd" && o.kind === "sgd" ? o.weightDecay : 0;
  return {
    ...o,
    kind: v === "sgd" ? "sgd" : "adam",
    amsgrad: v === "amsgrad" || v === "adamw-amsgrad",
    decoupled: adamw,
    weightDecay,
  };
}

const isVariant = (s: string): s is OptimizerVariant => s in VARIANT_LABELS;
const isForm = (s: string): s is EpsilonForm => s in FORM_LABELS;

const EPSILON_SPAN = { min: 1e-10, max: 10 } as const;
const EPSILON_PICKS = [{ value: 1e-8 }, { value: 0.1 }, { value: 1, label: "1.0" }] as const;
const MOMENTUM_PICKS = [{ value: 0 }, { value: 0.9 }, { value: 0.99 }] as const;

/** Learning rate, optimizer kind and Adam's β1, β2, ε (with its form), weight decay, momentum. */
export function OptimizerControls(props: ControlProps) {
  const { config, onChange } = props;
  const o = config.optimizer;
  const access = fieldAccess(props);
  const set = (patch: Partial<OptimizerConfig>): void => onChange({ ...config, optimizer: { ...o, ...patch } });
  const variant = optimizerVariant(o);
  const adam = o.kind === "adam";
  const showDecay = o.decoupled || o.kind === "sgd" || o.weightDecay !== 0;

  return (
    <fieldset className="ctl-group" data-testid="optimizer-controls">
      <legend>Optimizer</legend>
      {access.shown("optimizer") && (
        <div className="ctl-field">
          <label htmlFor="optimizer" className="ctl-label">
            Optimizer
          </label>
          <select
            id="optimizer"
            data-testid="optimizer"
            className="ctl-select"
            value={variant}
            disabled={access.locked("optimizer")}
            onChange={(e) => {
              if (isVariant(e.target.value)) onChange({ ...config, optimizer: withVariant(o, e.target.value) });
            }}
          >
            {(Object.keys(VARIANT_LABELS) as OptimizerVariant[])
              .filter((v) => v !== "adamw-amsgrad" || variant === "adamw-amsgrad")
              .map((v) => (
                <option key={v} value={v}>
                  {VARIANT_LABELS[v]}
                </option>
              ))}
          </select>
        </div>
      )}
      {access.shown("lr") && (
        <NumberInput
          id="lr"
          label="Learning rate (lr)"
          field={OPTIMIZER_FIELDS.lr}
          value={o.lr}
          mode="log"
          disabled={access.locked("lr")}
          onCommit={(lr) => set({ lr })}
        />
      )}
      {adam && access.shown("beta1") && (
        <NumberInput
          id="beta1"
          label="β1 (momentum of the gradient average)"
          field={OPTIMIZER_FIELDS.beta1}
          value={o.beta1}
          mode="beta"
          disabled={access.locked("beta1")}
          onCommit={(beta1) => set({ beta1 })}
        />
      )}
      {adam && access.shown("beta2") && (
        <NumberInput
          id="beta2"
          label="β2 (averaging of squared gradients)"
          field={OPTIMIZER_FIELDS.beta2}
          value={o.beta2}
          mode="beta"
          disabled={access.locked("beta2")}
          onCommit={(beta2) => set({ beta2 })}
        />
      )}
      {adam && access.shown("epsilon") && (
        <NumberInput
          id="epsilon"
          label="ε (epsilon)"
          field={OPTIMIZER_FIELDS.epsilon}
          value={o.epsilon}
          mode="log"
          span={EPSILON_SPAN}
          quickPicks={EPSILON_PICKS}
          disabled={access.locked("epsilon")}
          onCommit={(epsilon) => set({ epsilon })}
          hint={
            o.epsilonForm === "hat" ? (
              <>
                TensorFlow's epsilon is “epsilon hat”: it is added before bias correction. The 1e-8 default is not always
                good — 0.1 or 1.0 were used to train Inception on ImageNet.
              </>
            ) : (
              <>
                In the paper's form (PyTorch) ε is added after bias correction. The 1e-8 default is not always good — TF's
                docs cite 0.1 or 1.0 for Inception on ImageNet.
              </>
            )
          }
        />
      )}
      {adam && access.shown("epsilonForm") && (
        <div className="ctl-field">
          <label htmlFor="epsilonForm" className="ctl-label">
            Adam form
          </label>
          <select
            id="epsilonForm"
            data-testid="epsilonForm"
            className="ctl-select"
            value={o.epsilonForm}
            disabled={access.locked("epsilonForm")}
            onChange={(e) => {
              if (isForm(e.target.value)) set({ epsilonForm: e.target.value });
            }}
          >
            {(Object.keys(FORM_LABELS) as EpsilonForm[]).map((f) => (
              <option key={f} value={f}>
                {FORM_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
      )}
      {showDecay && access.shown("weightDecay") && (
        <NumberInput
          id="weightDecay"
          label={o.decoupled ? "Weight decay (decoupled, AdamW)" : "Weight decay (L2, added to the gradient)"}
          field={OPTIMIZER_FIELDS.weightDecay}
          value={o.weightDecay}
          disabled={access.locked("weightDecay")}
          onCommit={(weightDecay) => set({ weightDecay })}
        />
      )}
      {o.kind === "sgd" && access.shown("momentum") && (
        <NumberInput
          id="momentum"
          label="Momentum"
          field={OPTIMIZER_FIELDS.momentum}
          value={o.momentum}
          quickPicks={MOMENTUM_PICKS}
          disabled={access.locked("momentum")}
          onCommit={(momentum) => set({ momentum })}
        />
      )}
      {o.kind === "sgd" && access.shown("nesterov") && (
        <label className="ctl-check">
          <input
            id="nesterov"
            data-testid="nesterov"
            type="checkbox"
            checked={o.nesterov}
            disabled={access.locked("nesterov")}
            onChange={(e) => set({ nesterov: e.target.checked })}
          />
          Nesterov momentum
        </label>
      )}
    </fieldset>
  );
}
