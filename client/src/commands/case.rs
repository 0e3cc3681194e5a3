//! `dangvien case show PERSON`: the person's latest admission case, its timeline and deadlines.

use dangvien_proto::v1 as pb;

use super::Session;
use crate::{cli::CaseCommand, error::Error, view::person_name};

/// Runs one `case` subcommand.
pub(super) async fn run(command: CaseCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        CaseCommand::Show { person } => {
            let mut api = session.connect().await?;
            let request = pb::GetCaseRequest {
                name: format!("{}/case", person_name(&person)),
            };
            let case = api.get_case(request).await?;
            Ok(session.render.case(&case.into())?)
        }
    }
}
