//! `dangvien.v1.OrganizationService`: validate, convert, call the app, convert back.

use dangvien_proto::v1::{self as pb, organization_service_server::OrganizationService};
use tonic::{Request, Response, Status};

use super::{
    Ready,
    convert::{self, Checks},
    ctx, filter,
};
use crate::{
    app::PageRequest,
    domain::{
        Error, FieldViolation, Reason,
        org::{self, Dissolve, EventDocument, Merge, Move, NewOrganization, OrganizationUpdate},
    },
};

/// Fields `UpdateOrganization` may change.
const UPDATABLE: &[&str] = &["display_name", "sector"];

/// The organisation service.
#[derive(Clone, Debug)]
pub(crate) struct OrganizationApi {
    ready: Ready,
}

impl OrganizationApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl OrganizationService for OrganizationApi {
    async fn get_organization(
        &self,
        request: Request<pb::GetOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetOrganizationRequest { name }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let code = convert::org_name("name", &name).map_err(invalid)?;
        let org = app.get_org(&ctx, &code).await?;
        Ok(Response::new(org.into()))
    }

    async fn list_organizations(
        &self,
        request: Request<pb::ListOrganizationsRequest>,
    ) -> Result<Response<pb::ListOrganizationsResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, request) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let pb::ListOrganizationsRequest {
            page_size,
            page_token,
            filter,
            as_of,
        } = request;
        let as_of = convert::date("as_of", as_of).map_err(invalid)?;
        let filter = filter::org_filter(&filter)?;
        let page = PageRequest {
            size: page_size,
            token: page_token,
        };
        let page = app.list_orgs(&ctx, &filter, as_of, &page).await?;
        Ok(Response::new(pb::ListOrganizationsResponse {
            organizations: page.organizations.into_iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn create_organization(
        &self,
        request: Request<pb::CreateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::CreateOrganizationRequest {
            organization_id,
            organization,
            request_id,
        } = body;
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let code = checks.take(if organization_id.is_empty() {
            Ok(None)
        } else {
            org::OrgCode::parse("organization_id", &organization_id).map(Some)
        });
        let Some(pb::Organization {
            name: _,
            code: _,
            display_name,
            kind,
            parent,
            sector,
            valid_from,
            valid_to,
            etag: _,
        }) = organization
        else {
            return Err(invalid(FieldViolation::new(
                "organization",
                "thiếu thông tin tổ chức",
                "the organization is missing",
            ))
            .into());
        };
        let display_name = checks.take(org::display_name(
            "organization.display_name",
            &display_name,
        ));
        let kind = checks.take(convert::kind("organization.kind", kind));
        let sector = checks.take(convert::sector("organization.sector", sector));
        let parent = checks.take(convert::optional_org_name("organization.parent", &parent));
        let valid_from = checks.take(convert::date("organization.valid_from", valid_from));
        let valid_to = checks.take(convert::date("organization.valid_to", valid_to));
        let (
            Some(request_id),
            Some(code),
            Some(display_name),
            Some(kind),
            Some(sector),
            Some(parent),
            Some(valid_from),
            Some(valid_to),
        ) = (
            request_id,
            code,
            display_name,
            kind,
            sector,
            parent,
            valid_from,
            valid_to,
        )
        else {
            return Err(checks.fail().into());
        };
        let ctx = ctx(&extensions, request_id);
        let new = NewOrganization {
            code,
            display_name,
            kind,
            sector,
            parent,
            valid_from,
            valid_to,
        };
        let org = app.create_org(&ctx, new).await?;
        Ok(Response::new(org.into()))
    }

    async fn update_organization(
        &self,
        request: Request<pb::UpdateOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::UpdateOrganizationRequest {
            organization,
            update_mask,
            request_id,
        } = body;
        let Some(pb::Organization {
            name,
            code: _,
            display_name,
            kind: _,
            parent: _,
            sector,
            valid_from: _,
            valid_to: _,
            etag,
        }) = organization
        else {
            return Err(invalid(FieldViolation::new(
                "organization",
                "thiếu thông tin tổ chức",
                "the organization is missing",
            ))
            .into());
        };
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let code = checks.take(convert::org_name("organization.name", &name));
        // AIP-134: no mask means "the fields that are set"; `*` means every updatable field.
        let paths: Vec<String> = match update_mask {
            Some(mask) if mask.paths.iter().any(|p| p == "*") => {
                UPDATABLE.iter().map(|p| (*p).to_owned()).collect()
            }
            Some(mask) if !mask.paths.is_empty() => mask.paths,
            Some(_) | None => {
                let mut set = Vec::new();
                if !display_name.is_empty() {
                    set.push("display_name".to_owned());
                }
                if sector != 0 {
                    set.push("sector".to_owned());
                }
                set
            }
        };
        if paths.is_empty() {
            checks.push(FieldViolation::new(
                "update_mask",
                "không có gì để sửa: chỉ sửa được tên (display_name) và lĩnh vực (sector)",
                "nothing to update: only display_name and sector can be changed",
            ));
        }
        let (mut display_name_new, mut sector_new) = (None, None);
        for path in &paths {
            match path.as_str() {
                "display_name" => {
                    display_name_new =
                        checks.take(org::display_name("organization.display_name", &display_name));
                }
                "sector" => sector_new = checks.take(convert::sector("organization.sector", sector)),
                other => checks.push(FieldViolation::new(
                    "update_mask",
                    format!(
                        "không sửa được \"{other}\": chỉ sửa được tên và lĩnh vực; cấp trên đổi bằng MoveOrganization, ngày kết thúc bằng DissolveOrganization"
                    ),
                    format!(
                        "\"{other}\" cannot be updated: only display_name and sector; use MoveOrganization for the parent, DissolveOrganization to end it"
                    ),
                )),
            }
        }
        let (Some(request_id), Some(code)) = (request_id, code) else {
            return Err(checks.fail().into());
        };
        if !checks.is_empty() {
            return Err(checks.fail().into());
        }
        let ctx = ctx(&extensions, request_id);
        let update = OrganizationUpdate {
            code,
            display_name: display_name_new,
            sector: sector_new,
            etag: convert::etag(etag),
        };
        let org = app.update_org(&ctx, update).await?;
        Ok(Response::new(org.into()))
    }

    async fn move_organization(
        &self,
        request: Request<pb::MoveOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::MoveOrganizationRequest {
            name,
            new_parent,
            effective_date,
            document_number,
            deciding_body,
            etag,
            request_id,
        } = body;
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let code = checks.take(convert::org_name("name", &name));
        let new_parent = checks.take(convert::optional_org_name("new_parent", &new_parent));
        let date = checks.take(convert::required_date("effective_date", effective_date));
        let document = checks.take(document(
            "document_number",
            &document_number,
            "deciding_body",
            &deciding_body,
        ));
        let (Some(request_id), Some(code), Some(new_parent), Some(date), Some(document)) =
            (request_id, code, new_parent, date, document)
        else {
            return Err(checks.fail().into());
        };
        let ctx = ctx(&extensions, request_id);
        let mv = Move {
            code,
            new_parent,
            date,
            document,
            etag: convert::etag(etag),
        };
        let org = app.move_org(&ctx, mv).await?;
        Ok(Response::new(org.into()))
    }

    async fn merge_organization(
        &self,
        request: Request<pb::MergeOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::MergeOrganizationRequest {
            name,
            into,
            effective_date,
            document_number,
            deciding_body,
            etag,
            request_id,
        } = body;
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let code = checks.take(convert::org_name("name", &name));
        let into = checks.take(convert::org_name("into", &into));
        let date = checks.take(convert::required_date("effective_date", effective_date));
        let document = checks.take(document(
            "document_number",
            &document_number,
            "deciding_body",
            &deciding_body,
        ));
        let (Some(request_id), Some(code), Some(into), Some(date), Some(document)) =
            (request_id, code, into, date, document)
        else {
            return Err(checks.fail().into());
        };
        let ctx = ctx(&extensions, request_id);
        let merge = Merge {
            code,
            into,
            date,
            document,
            etag: convert::etag(etag),
        };
        let survivor = app.merge_org(&ctx, merge).await?;
        Ok(Response::new(survivor.into()))
    }

    async fn dissolve_organization(
        &self,
        request: Request<pb::DissolveOrganizationRequest>,
    ) -> Result<Response<pb::Organization>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::DissolveOrganizationRequest {
            name,
            effective_date,
            document_number,
            deciding_body,
            etag,
            request_id,
        } = body;
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let code = checks.take(convert::org_name("name", &name));
        let date = checks.take(convert::required_date("effective_date", effective_date));
        let document = checks.take(document(
            "document_number",
            &document_number,
            "deciding_body",
            &deciding_body,
        ));
        let (Some(request_id), Some(code), Some(date), Some(document)) =
            (request_id, code, date, document)
        else {
            return Err(checks.fail().into());
        };
        let ctx = ctx(&extensions, request_id);
        let dissolve = Dissolve {
            code,
            date,
            document,
            etag: convert::etag(etag),
        };
        let org = app.dissolve_org(&ctx, dissolve).await?;
        Ok(Response::new(org.into()))
    }
}

fn document(
    number_field: &str,
    number: &str,
    body_field: &str,
    body: &str,
) -> Result<EventDocument, FieldViolation> {
    Ok(EventDocument {
        number: convert::document_number(number_field, number)?,
        body: convert::optional_org_name(body_field, body)?,
    })
}

fn invalid(violation: FieldViolation) -> Error {
    Error::invalid(Reason::InvalidField, violation)
}
