//! The three PMO roles of the ladder.

use serde::{Deserialize, Serialize};

/// A level on the PMO role ladder.
///
/// Displayed and parsed as `Analyst`, `Lead`, `Manager` (parsing ignores ASCII case); serialised
/// as the lowercase names `analyst`, `lead`, `manager`.
///
/// ```
/// use pmo_advert::Role;
///
/// let role: Role = "lead".parse().unwrap();
/// assert_eq!(role, Role::Lead);
/// assert_eq!(role.to_string(), "Lead");
/// assert!("director".parse::<Role>().is_err());
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs and maintains existing PMO processes, supports projects, programmes and portfolios,
    /// reports, uses data analytic tools and measures KPIs. Also called PMO Officer, PMO
    /// Co-ordinator or Project Management Officer.
    Analyst,
    /// Designs, energises and implements PMOs, creates and develops processes, brings specialist
    /// knowledge and leads temporary PMOs, without managing the PMO's people.
    Lead,
    /// Runs the permanent PMO and manages its members; senior in the organisation.
    Manager,
}

impl Role {
    /// All roles, from the most junior to the most senior.
    pub const ALL: [Role; 3] = [Role::Analyst, Role::Lead, Role::Manager];

    /// The lowercase name used in profiles and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Lead => "lead",
            Role::Manager => "manager",
        }
    }

    /// Position on the ladder: 0 for Analyst, 1 for Lead, 2 for Manager.
    pub fn index(&self) -> usize {
        match self {
            Role::Analyst => 0,
            Role::Lead => 1,
            Role::Manager => 2,
        }
    }
}

impl core::fmt::Display for Role {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Role::Analyst => "Analyst",
            Role::Lead => "Lead",
            Role::Manager => "Manager",
        })
    }
}

/// The error returned when a string names no role.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?} (expected analyst, lead or manager)")]
pub struct ParseRoleError(pub String);

impl core::str::FromStr for Role {
    type Err = ParseRoleError;

    fn from_str(s: &str) -> Result<Role, ParseRoleError> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParseRoleError(s.to_string()))
    }
}
