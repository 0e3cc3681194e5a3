//! `dangvien.v1.PersonService`: validate, convert, call the app, convert back.
//!
//! The national ID number travels in `Person.national_id` but is never put in a log line or an
//! error message: violations about it describe the number's shape, never repeat it.

mod fields;

use dangvien_proto::v1::{self as pb, person_service_server::PersonService};
use tonic::{Request, Response, Status};

use self::fields::{Fields, set_paths};
use super::{
    Ready,
    convert::{self, Checks},
    ctx, filter,
};
use crate::{
    app::PageRequest,
    domain::{Error, FieldViolation, Reason, person::ExternalId},
};

/// Fields `UpdatePerson` may change (`*` means all of them).
const UPDATABLE: &[&str] = &[
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "education",
    "professional_level",
    "hardship_exception",
    "youth_union",
    "trade_union",
    "national_id",
    "cell",
];

/// The person service.
#[derive(Clone, Debug)]
pub(crate) struct PersonApi {
    ready: Ready,
}

impl PersonApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl PersonService for PersonApi {
    async fn get_person(
        &self,
        request: Request<pb::GetPersonRequest>,
    ) -> Result<Response<pb::Person>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetPersonRequest { name }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let id = convert::person_name("name", &name).map_err(invalid)?;
        let person = app.get_person(&ctx, &id).await?;
        Ok(Response::new(person.into()))
    }

    async fn list_people(
        &self,
        request: Request<pb::ListPeopleRequest>,
    ) -> Result<Response<pb::ListPeopleResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, request) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let pb::ListPeopleRequest {
            page_size,
            page_token,
            filter,
        } = request;
        let filter = filter::people_filter(&filter)?;
        let page = PageRequest {
            size: page_size,
            token: page_token,
        };
        let page = app.list_people(&ctx, &filter, &page).await?;
        Ok(Response::new(pb::ListPeopleResponse {
            people: page.people.into_iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn create_person(
        &self,
        request: Request<pb::CreatePersonRequest>,
    ) -> Result<Response<pb::Person>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::CreatePersonRequest {
            person_id,
            person,
            request_id,
        } = body;
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let external_id = checks.take(if person_id.is_empty() {
            Ok(None)
        } else {
            ExternalId::parse("person_id", &person_id).map(Some)
        });
        let Some(person) = person else {
            return Err(invalid(missing_person()).into());
        };
        let fields = Fields::parse(person, UPDATABLE, &mut checks);
        let (Some(request_id), Some(external_id)) = (request_id, external_id) else {
            return Err(checks.fail().into());
        };
        if !checks.is_empty() {
            return Err(checks.fail().into());
        }
        let ctx = ctx(&extensions, request_id);
        let new = fields.into_new(external_id)?;
        let person = app.create_person(&ctx, new).await?;
        Ok(Response::new(person.into()))
    }

    async fn update_person(
        &self,
        request: Request<pb::UpdatePersonRequest>,
    ) -> Result<Response<pb::Person>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::UpdatePersonRequest {
            person,
            update_mask,
            request_id,
        } = body;
        let Some(person) = person else {
            return Err(invalid(missing_person()).into());
        };
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let external_id = checks.take(convert::person_name("person.name", &person.name));
        let etag = convert::etag(person.etag.clone());
        // AIP-134: no mask means "the fields that are set"; `*` means every updatable field.
        let paths: Vec<String> = match update_mask {
            Some(mask) if mask.paths.iter().any(|p| p == "*") => {
                UPDATABLE.iter().map(|p| (*p).to_owned()).collect()
            }
            Some(mask) if !mask.paths.is_empty() => mask.paths,
            Some(_) | None => set_paths(&person),
        };
        let mut known = Vec::new();
        for path in &paths {
            match UPDATABLE.iter().find(|p| **p == path.as_str()) {
                Some(p) => known.push(*p),
                // `cell_since` goes with `cell`: accepted beside it, read whenever it is.
                None if path == "cell_since" => {
                    if !paths.iter().any(|p| p == "cell") {
                        checks.push(FieldViolation::new(
                            "update_mask",
                            "cell_since chỉ đi cùng cell (chi bộ mới và ngày chuyển)",
                            "cell_since goes only with cell (the new cell and the day of the move)",
                        ));
                    }
                }
                None => checks.push(FieldViolation::new(
                    "update_mask",
                    format!(
                        "không sửa được \"{path}\"; sửa được: {}",
                        UPDATABLE.join(", ")
                    ),
                    format!(
                        "\"{path}\" cannot be updated; updatable: {}",
                        UPDATABLE.join(", ")
                    ),
                )),
            }
        }
        if paths.is_empty() {
            checks.push(FieldViolation::new(
                "update_mask",
                "không có gì để sửa",
                "nothing to update: set the fields to change or name them in update_mask",
            ));
        }
        let fields = Fields::parse(person, &known, &mut checks);
        let (Some(request_id), Some(external_id)) = (request_id, external_id) else {
            return Err(checks.fail().into());
        };
        if !checks.is_empty() {
            return Err(checks.fail().into());
        }
        let ctx = ctx(&extensions, request_id);
        let person = app
            .update_person(&ctx, fields.into_update(external_id, etag))
            .await?;
        Ok(Response::new(person.into()))
    }
}

fn missing_person() -> FieldViolation {
    FieldViolation::new(
        "person",
        "thiếu thông tin về người",
        "the person is missing",
    )
}

fn invalid(violation: FieldViolation) -> Error {
    Error::invalid(Reason::InvalidField, violation)
}
