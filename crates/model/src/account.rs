//! Who uses liantu: accounts, their roles and the part of the city each role may change.
//! The rules themselves (what a role may read and write) live in `app`; this module only names
//! the roles and holds an account's scope.

use crate::RegionCode;
use serde::{Deserialize, Serialize};

/// What an account may do. The ids are what the CLI and API take; people see the Chinese names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: accounts, tokens, the audit trail, and every write.
    Admin,
    /// 市级分析员: all data, all writes.
    Analyst,
    /// 县区用户: reads the city, writes only for enterprises and projects in its region.
    County,
    /// 园区用户: reads the city, writes only for its park.
    Park,
    /// 企业用户: bound to one firm; sees its own figures and public aggregates only.
    Enterprise,
    /// 只读: reads, never writes.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Analyst,
        Role::County,
        Role::Park,
        Role::Enterprise,
        Role::Viewer,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyst => "analyst",
            Role::County => "county",
            Role::Park => "park",
            Role::Enterprise => "enterprise",
            Role::Viewer => "viewer",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::Analyst => "市级分析员",
            Role::County => "县区用户",
            Role::Park => "园区用户",
            Role::Enterprise => "企业用户",
            Role::Viewer => "只读用户",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::Admin => "administrator",
            Role::Analyst => "city analyst",
            Role::County => "county user",
            Role::Park => "park user",
            Role::Enterprise => "enterprise user",
            Role::Viewer => "read-only user",
        }
    }

    pub fn parse(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.id() == s.trim())
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "未知的角色 '{0}'（可选 admin、analyst、county、park、enterprise、viewer）/ unknown role '{0}' (one of admin, analyst, county, park, enterprise, viewer)"
)]
pub struct UnknownRole(pub String);

/// The part of the city an account is bound to. Which field a role needs is checked when the
/// account is made ([`Scope::check`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scope {
    /// A `county` account's division (GB/T 2260).
    pub region: Option<RegionCode>,
    /// A `park` account's park id.
    pub park: Option<String>,
    /// An `enterprise` account's 统一社会信用代码.
    pub uscc: Option<String>,
}

impl Scope {
    /// A county account names its region, a park account its park, an enterprise account its
    /// firm; the other roles are city-wide and name none.
    pub fn check(&self, role: Role) -> Result<(), String> {
        let (needs, has) = match role {
            Role::County => ("--region", self.region.is_some()),
            Role::Park => ("--park", self.park.is_some()),
            Role::Enterprise => ("--uscc", self.uscc.is_some()),
            _ => {
                if *self != Scope::default() {
                    return Err(format!(
                        "角色 {} 面向全市，不绑定区域、园区或企业 / role {} is city-wide and takes no --region, --park or --uscc",
                        role.id(),
                        role.id()
                    ));
                }
                return Ok(());
            }
        };
        if has {
            Ok(())
        } else {
            Err(format!(
                "角色 {}（{}）需要 {needs} / role {} needs {needs}",
                role.id(),
                role.name_zh(),
                role.id()
            ))
        }
    }
}

/// An account as liantu knows it (never its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    /// The login name.
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub disabled: bool,
    /// When the account was made (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub created: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_ids_round_trip_and_unknown_ones_are_named() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.id()), Ok(r));
        }
        let err = Role::parse("root").unwrap_err().to_string();
        assert!(err.contains("root") && err.contains("analyst"), "{err}");
    }

    #[test]
    fn scoped_roles_need_their_scope_and_city_roles_take_none() {
        let none = Scope::default();
        assert!(none.check(Role::Analyst).is_ok());
        assert!(none.check(Role::County).unwrap_err().contains("--region"));
        assert!(none.check(Role::Park).unwrap_err().contains("--park"));
        assert!(none.check(Role::Enterprise).unwrap_err().contains("--uscc"));
        let park = Scope {
            park: Some("luzhai-chem".into()),
            ..Scope::default()
        };
        assert!(park.check(Role::Park).is_ok());
        assert!(park.check(Role::Viewer).is_err());
    }
}
