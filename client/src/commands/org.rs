//! `dangvien org …`: build the request from the flags, call the server, print the organisation(s).

use dangvien_proto::v1 as pb;

use super::{Session, quoted, wire_etag};
use crate::{
    cli::{
        CreateArgs, DecisionArgs, DissolveArgs, ListArgs, MergeArgs, MoveArgs, OrgCommand,
        TreeArgs, UpdateArgs,
    },
    error::Error,
    view::{self, OrgView, date_to_wire, org_name},
    vocab::Kind,
};

/// Runs one `org` subcommand.
pub(super) async fn run(command: OrgCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        OrgCommand::Create(args) => create(args, session).await,
        OrgCommand::Show { code } => show(&code, session).await,
        OrgCommand::List(args) => list(args, session).await,
        OrgCommand::Tree(args) => tree(args, session).await,
        OrgCommand::Update(args) => update(args, session).await,
        OrgCommand::Move(args) => move_org(args, session).await,
        OrgCommand::Merge(args) => merge(args, session).await,
        OrgCommand::Dissolve(args) => dissolve(args, session).await,
    }
}

async fn create(args: CreateArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let CreateArgs {
        code,
        name,
        kind,
        sector,
        parent,
        valid_from,
        valid_to,
    } = args;
    let organization = pb::Organization {
        display_name: name,
        kind: kind.to_wire().into(),
        sector: sector.to_wire().into(),
        parent: parent.as_deref().map(org_name).unwrap_or_default(),
        valid_from: valid_from.map(date_to_wire),
        valid_to: valid_to.map(date_to_wire),
        // Output only, or ignored by CreateOrganization.
        name: String::new(),
        code: String::new(),
        etag: String::new(),
    };
    let mut api = session.connect().await?;
    let request = pb::CreateOrganizationRequest {
        organization_id: code.unwrap_or_default(),
        organization: Some(organization),
        request_id: session.request_id()?,
    };
    let org = api.create_organization(request).await?;
    Ok(session.render.org(&org.into())?)
}

async fn show(code: &str, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let request = pb::GetOrganizationRequest {
        name: org_name(code),
    };
    let org = api.get_organization(request).await?;
    Ok(session.render.org(&org.into())?)
}

async fn list(args: ListArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let ListArgs {
        kind,
        parent,
        roots,
        as_of,
    } = args;
    let parent = match (parent, roots) {
        (Some(code), _) => ParentFilter::Of(code),
        (None, true) => ParentFilter::Roots,
        (None, false) => ParentFilter::Any,
    };
    let mut api = session.connect().await?;
    let orgs = api
        .list_all_organizations(list_filter(kind, &parent), as_of.map(date_to_wire))
        .await?;
    let views: Vec<OrgView> = orgs.into_iter().map(OrgView::from).collect();
    Ok(session.render.orgs(&views)?)
}

async fn tree(args: TreeArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let TreeArgs { root, as_of } = args;
    let mut api = session.connect().await?;
    // With a root, the server sends only that subtree of the day.
    let filter = root
        .as_deref()
        .map(|code| format!("ancestor = {}", super::quoted(&org_name(code))))
        .unwrap_or_default();
    let orgs = api
        .list_all_organizations(filter, as_of.map(date_to_wire))
        .await?;
    let views = orgs.into_iter().map(OrgView::from).collect();
    let root = root.as_deref().map(view::code_of);
    let roots = view::build_tree(views, root).ok_or_else(|| Error::RootNotFound {
        code: root.unwrap_or_default().to_owned(),
        as_of,
    })?;
    Ok(session.render.tree(&roots)?)
}

async fn update(args: UpdateArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let UpdateArgs {
        code,
        name,
        sector,
        etag,
    } = args;
    // Exactly the fields given: a field left out keeps its value even if the server's default
    // for an empty mask changes.
    let mut paths = Vec::new();
    if name.is_some() {
        paths.push("display_name".to_owned());
    }
    if sector.is_some() {
        paths.push("sector".to_owned());
    }
    let organization = pb::Organization {
        name: org_name(&code),
        display_name: name.unwrap_or_default(),
        sector: sector.map_or(0, |s| s.to_wire().into()),
        etag: wire_etag(etag),
        // Not updatable; left unset and outside the mask.
        code: String::new(),
        kind: 0,
        parent: String::new(),
        valid_from: None,
        valid_to: None,
    };
    let mut api = session.connect().await?;
    let request = pb::UpdateOrganizationRequest {
        organization: Some(organization),
        update_mask: Some(prost_types::FieldMask { paths }),
        request_id: session.request_id()?,
    };
    let org = api.update_organization(request).await?;
    Ok(session.render.org(&org.into())?)
}

async fn move_org(args: MoveArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let MoveArgs {
        code,
        parent,
        // `--root` is the absence of `--parent`; clap makes sure exactly one was given.
        root: _,
        decision:
            DecisionArgs {
                date,
                number,
                body,
                etag,
            },
    } = args;
    let mut api = session.connect().await?;
    let request = pb::MoveOrganizationRequest {
        name: org_name(&code),
        new_parent: parent.as_deref().map(org_name).unwrap_or_default(),
        effective_date: Some(date_to_wire(date)),
        document_number: number.unwrap_or_default(),
        deciding_body: body.as_deref().map(org_name).unwrap_or_default(),
        etag: wire_etag(etag),
        request_id: session.request_id()?,
    };
    let org = api.move_organization(request).await?;
    Ok(session.render.org(&org.into())?)
}

/// Prints the survivor, which now holds what the merged organisation held.
async fn merge(args: MergeArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let MergeArgs {
        code,
        into,
        decision:
            DecisionArgs {
                date,
                number,
                body,
                etag,
            },
    } = args;
    let mut api = session.connect().await?;
    let request = pb::MergeOrganizationRequest {
        name: org_name(&code),
        into: org_name(&into),
        effective_date: Some(date_to_wire(date)),
        document_number: number.unwrap_or_default(),
        deciding_body: body.as_deref().map(org_name).unwrap_or_default(),
        etag: wire_etag(etag),
        request_id: session.request_id()?,
    };
    let survivor = api.merge_organization(request).await?;
    Ok(session.render.org(&survivor.into())?)
}

async fn dissolve(args: DissolveArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let DissolveArgs {
        code,
        decision:
            DecisionArgs {
                date,
                number,
                body,
                etag,
            },
    } = args;
    let mut api = session.connect().await?;
    let request = pb::DissolveOrganizationRequest {
        name: org_name(&code),
        effective_date: Some(date_to_wire(date)),
        document_number: number.unwrap_or_default(),
        deciding_body: body.as_deref().map(org_name).unwrap_or_default(),
        etag: wire_etag(etag),
        request_id: session.request_id()?,
    };
    let org = api.dissolve_organization(request).await?;
    Ok(session.render.org(&org.into())?)
}

/// Which parent `org list` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ParentFilter {
    /// Any parent.
    Any,
    /// No parent.
    Roots,
    /// This organisation (a code).
    Of(String),
}

/// The AIP-160 filter of `ListOrganizations`, e.g.
/// `kind = GRASSROOTS_CELL AND parent = "organizations/KHOI"`.
fn list_filter(kind: Option<Kind>, parent: &ParentFilter) -> String {
    let mut terms = Vec::new();
    if let Some(kind) = kind {
        terms.push(format!("kind = {}", kind.filter_name()));
    }
    match parent {
        ParentFilter::Any => {}
        ParentFilter::Roots => terms.push(r#"parent = """#.to_owned()),
        ParentFilter::Of(code) => terms.push(format!("parent = {}", quoted(&org_name(code)))),
    }
    terms.join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_join_kind_and_parent() {
        assert_eq!(list_filter(None, &ParentFilter::Any), "");
        assert_eq!(
            list_filter(Some(Kind::GrassrootsCell), &ParentFilter::Of("KHOI".into())),
            r#"kind = GRASSROOTS_CELL AND parent = "organizations/KHOI""#
        );
        assert_eq!(list_filter(None, &ParentFilter::Roots), r#"parent = """#);
        assert_eq!(
            list_filter(Some(Kind::Bloc), &ParentFilter::Roots),
            r#"kind = BLOC AND parent = """#
        );
        assert_eq!(
            list_filter(Some(Kind::Cell), &ParentFilter::Any),
            "kind = CELL"
        );
    }

    #[test]
    fn filter_literals_are_escaped() {
        assert_eq!(
            list_filter(None, &ParentFilter::Of(r#"A"B\C"#.into())),
            r#"parent = "organizations/A\"B\\C""#
        );
    }

    #[test]
    fn etags_get_their_quotes_back() {
        assert_eq!(wire_etag(None), "");
        assert_eq!(wire_etag(Some("3".into())), "\"3\"");
        assert_eq!(wire_etag(Some("\"3\"".into())), "\"3\"");
        assert_eq!(wire_etag(Some("W/\"3\"".into())), "W/\"3\"");
    }
}
