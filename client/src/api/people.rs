//! The calls of `PersonService` and `MemberService`.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::{Api, PAGE_SIZE, finish, next_page, with_deadline};
use crate::error::Error;

impl Api {
    /// `GetPerson`.
    pub(crate) async fn get_person(
        &mut self,
        request: pb::GetPersonRequest,
    ) -> Result<pb::Person, Error> {
        let call = self.people.get_person(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
    }

    /// `ListPeople`, every page of the largest size; each page is one call with its own deadline.
    pub(crate) async fn list_all_people(
        &mut self,
        filter: String,
    ) -> Result<Vec<pb::Person>, Error> {
        let mut all = Vec::new();
        let mut page_token = String::new();
        loop {
            let request = pb::ListPeopleRequest {
                page_size: PAGE_SIZE,
                page_token: page_token.clone(),
                filter: filter.clone(),
            };
            let call = self
                .people
                .list_people(with_deadline(request, self.timeout));
            let page = finish(&self.server, self.timeout, call).await?;
            all.extend(page.people);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }

    /// `CreatePerson`.
    pub(crate) async fn create_person(
        &mut self,
        request: pb::CreatePersonRequest,
    ) -> Result<pb::Person, Error> {
        let call = self
            .people
            .create_person(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
    }

    /// `UpdatePerson`.
    pub(crate) async fn update_person(
        &mut self,
        request: pb::UpdatePersonRequest,
    ) -> Result<pb::Person, Error> {
        let call = self
            .people
            .update_person(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
    }

    /// `GetMember`.
    pub(crate) async fn get_member(
        &mut self,
        request: pb::GetMemberRequest,
    ) -> Result<pb::Member, Error> {
        let call = self
            .members
            .get_member(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
    }

    /// `ListMembers`, every page of `page_size`; each page is one call with its own deadline.
    pub(crate) async fn list_all_members(
        &mut self,
        filter: String,
        as_of: Option<Date>,
        page_size: i32,
    ) -> Result<Vec<pb::Member>, Error> {
        let mut all = Vec::new();
        let mut page_token = String::new();
        loop {
            let request = pb::ListMembersRequest {
                page_size,
                page_token: page_token.clone(),
                filter: filter.clone(),
                as_of,
            };
            let call = self
                .members
                .list_members(with_deadline(request, self.timeout));
            let page = finish(&self.server, self.timeout, call).await?;
            all.extend(page.members);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }

    /// `RegisterMember`.
    pub(crate) async fn register_member(
        &mut self,
        request: pb::RegisterMemberRequest,
    ) -> Result<pb::Member, Error> {
        let call = self
            .members
            .register_member(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
    }
}
