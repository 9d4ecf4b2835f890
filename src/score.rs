//! From evidence to scores, PMO membership and the verdict.

use crate::compiled::Compiled;
use std::sync::Arc;

use crate::evidence::Collected;
use crate::features::Coefficients;
use crate::profile::SignalKind;
use crate::report::{Cue, Evidence, EvidenceStore, Mismatch, Report, Scores, Section, TitleClaim};
use crate::{JobTitle, Role};

/// The least confidence of the duties verdict for a title/duties mismatch.
const MISMATCH_CONFIDENCE: f64 = 0.5;

/// Weighs every piece of evidence and decides.
///
/// Per role: the sum over its hits of weight × section factor × a repeat factor (1, then the
/// signal's decay, its square, …; only hits that count use one up). Negated hits count against
/// their role; hits whose cue discounts them (audience, background, somebody else's title,
/// another meaning) count nothing. Titles found in the title count `title_factor` times, in the
/// body `body_title_factor` times; the duty scores leave titles out.
///
/// Each hit's part before its signal's weight (its coefficient) is added to `coefficients`
/// when that records ([`Coefficients::off`] does not): the scores are linear in the weights.
pub(crate) fn score(
    c: &Compiled,
    collected: &mut Collected,
    job: Option<JobTitle>,
    coefficients: &mut Coefficients,
) -> Report {
    // In the order of the signal table.
    collected.omitted_signals.sort_unstable();
    let omitted = collected
        .omitted_signals
        .iter()
        .map(|&i| crate::report::OmittedEvidence {
            signal: c.signals[i].id.clone(),
            count: collected.omitted[i] as usize,
        })
        .collect();
    let Collected {
        found,
        text,
        stats,
        cancelling,
        cancelled,
        factors,
        ..
    } = collected;
    let st = &c.settings;
    // Signals voided by another meaning found anywhere in the advert ("Prime Minister's
    // Office"); the table stays empty when nothing cancels.
    if *cancelling {
        cancelled.resize(c.signals.len(), false);
        for h in found.iter() {
            for &k in &c.signals[h.signal].cancels {
                cancelled[k] = true;
            }
        }
    }
    let mut full = Scores::default();
    let mut duties = Scores::default();
    let mut context = 0.0;
    let mut membership = 0.0;
    let mut non_pmo = 0.0;
    let title_is_pmo = job.as_ref().is_some_and(JobTitle::is_pmo);
    // A title of another job counts towards none unless a PMO title with a level wins over it:
    // "Project Manager (PMO)" is a project manager in a PMO, "Senior Project Manager (Senior
    // PMO Team Lead)" a Lead.
    let pmo_level = title_is_pmo && job.as_ref().is_some_and(|j| j.level().is_some());
    let mut claim: Option<usize> = None;
    // A claim from a title that names no PMO waits for the body's membership.
    let mut pending: Option<(usize, Role)> = None;
    // The evidence is made as it is weighed: every piece shares one store of the matched texts
    // and the signal names.
    let store = Arc::new(EvidenceStore {
        text: std::mem::take(text),
        signals: c.names.clone(),
    });
    let mut evidence = Vec::with_capacity(found.len());
    for (k, h) in found.iter().enumerate() {
        let sig = &c.signals[h.signal];
        let mut cue = h.cue;
        let negated = cue == Some(Cue::Negation);
        let section = h.section;
        let weight = 'weight: {
            if sig.grammar {
                break 'weight match (sig.kind, sig.role) {
                    (SignalKind::Title, Some(role)) if title_is_pmo => {
                        context += st.title_weight;
                        membership += st.title_weight;
                        let coef = st.title_factor;
                        coefficients.add(h.signal, coef, 0.0);
                        let w = sig.weight * coef;
                        full.add(role, w);
                        claim = Some(k);
                        w
                    }
                    (SignalKind::Title, Some(role)) => {
                        pending = Some((k, role));
                        0.0
                    }
                    (SignalKind::Context, _) => {
                        context += sig.weight;
                        membership += sig.weight;
                        sig.weight
                    }
                    (SignalKind::NonPmo, _) if !pmo_level => {
                        let coef = st.title_factor;
                        coefficients.add(h.signal, coef, 0.0);
                        let w = sig.weight * coef;
                        non_pmo += w;
                        w
                    }
                    _ => 0.0,
                };
            }
            if cancelled.get(h.signal) == Some(&true) {
                cue = Some(Cue::OtherMeaning);
            }
            if cue.is_some_and(|cue| cue.discounts()) {
                if cue == Some(Cue::Reference) {
                    // Somebody else's PMO title still says a PMO is near.
                    if sig.kind == SignalKind::Title {
                        let section = st.section_factors.get(section);
                        context += sig.weight * section;
                        membership += st.mention_factor * section;
                    }
                }
                break 'weight 0.0;
            }
            let factor = &mut factors[h.signal];
            // The hit's part before the signal's weight: section factor × repeat factor.
            let part = *factor * st.section_factors.get(section);
            let base = sig.weight * part;
            *factor *= sig.decay.unwrap_or(st.repeat_decay);
            let sign = if negated { -1.0 } else { 1.0 };
            match (sig.kind, sig.role) {
                (SignalKind::Title, Some(role)) => {
                    // The advert naming a PMO title in its body ("As PMO Analyst you will").
                    context += base;
                    if !negated {
                        membership += st.title_weight
                            * st.body_title_factor
                            * st.section_factors.get(section);
                    }
                    let coef = sign * part * st.body_title_factor;
                    coefficients.add(h.signal, coef, 0.0);
                    let w = sig.weight * coef;
                    full.add(role, w);
                    w
                }
                (SignalKind::Duty, Some(role)) => {
                    if h.names_pmo && !negated {
                        membership += st.mention_factor * st.section_factors.get(section);
                    }
                    let coef = sign * part;
                    let w = sig.weight * coef;
                    full.add(role, w);
                    if section != Section::Title {
                        // The duty scores leave the whole title out.
                        duties.add(role, w);
                        coefficients.add(h.signal, coef, coef);
                    } else {
                        coefficients.add(h.signal, coef, 0.0);
                    }
                    w
                }
                (SignalKind::Context, _) => {
                    context += base;
                    membership += match cue {
                        Some(Cue::Mention) => 0.0,
                        // Practice words ("project governance") never put the job in a PMO.
                        // A statement that the job sits in the PMO counts in full, however
                        // often the advert named the PMO before it: the repeat decay keeps
                        // stuffing out of the scores, and membership is only a gate.
                        Some(Cue::Membership) if h.names_pmo => {
                            sig.weight * st.section_factors.get(section)
                        }
                        _ => base * st.mention_factor,
                    };
                    base
                }
                (SignalKind::NonPmo, _) => {
                    let coef = if section == Section::Title {
                        part * st.title_factor
                    } else {
                        part * st.body_title_factor
                    };
                    coefficients.add(h.signal, coef, 0.0);
                    let w = sig.weight * coef;
                    non_pmo += w;
                    w
                }
                _ => 0.0,
            }
        };
        evidence.push(Evidence {
            store: store.clone(),
            signal: h.signal,
            text: h.text,
            role: sig.role,
            kind: sig.kind,
            span: h.span,
            line: h.line,
            column: h.column,
            sentence: h.sentence,
            section,
            field: h.field,
            weight,
            cue,
            source_span: None,
        });
    }
    if let Some((k, role)) = pending {
        if membership >= st.min_membership {
            let coef = 0.5 * st.title_factor;
            let signal = found[k].signal;
            coefficients.add(signal, coef, 0.0);
            let w = c.signals[signal].weight * coef;
            full.add(role, w);
            evidence[k].weight = w;
            claim = Some(k);
        }
    }
    for s in [&mut full, &mut duties] {
        s.analyst = s.analyst.max(0.0);
        s.lead = s.lead.max(0.0);
        s.manager = s.manager.max(0.0);
    }
    coefficients.membership = membership;
    let (verdict, share) = st.decide(&full, membership, non_pmo);
    let (duties_verdict, duties_share) = st.decide(&duties, membership, non_pmo);
    let title_claim = claim.map(|k| {
        let e = &evidence[k];
        let sig = &c.signals[e.signal];
        TitleClaim {
            role: sig.role.unwrap_or(Role::Analyst),
            signal: sig.id.clone(),
            text: e.text().to_string(),
            span: e.span,
            field: e.field,
            pmo: title_is_pmo,
        }
    });
    // A mismatch needs duties that say something: a verdict the duties alone give at even odds
    // or better, not one generic phrase over the minimum.
    let mismatch = match (&title_claim, duties_verdict) {
        (Some(c), Some(d)) if c.role != d.role && d.confidence >= MISMATCH_CONFIDENCE => {
            Some(Mismatch {
                claimed: c.role,
                duties: d.role,
            })
        }
        _ => None,
    };
    Report {
        verdict,
        scores: full,
        duties_only: duties,
        duties_verdict,
        share,
        duties_share,
        title_claim,
        mismatch,
        pmo_context: context,
        membership,
        title_line: None,
        job_title: job,
        non_pmo,
        evidence,
        omitted,
        stats: *stats,
        metadata: None,
    }
}
