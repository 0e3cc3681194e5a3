//! The calls of `PersonService` and `MemberService`.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::{Api, PAGE_SIZE, next_page};
use crate::error::Error;

impl Api {
    /// `GetPerson`.
    pub(crate) async fn get_person(
        &mut self,
        request: pb::GetPersonRequest,
    ) -> Result<pb::Person, Error> {
        self.unary(&self.people, request, async |mut c, r| {
            c.get_person(r).await
        })
        .await
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
            let page = self
                .unary(&self.people, request, async |mut c, r| {
                    c.list_people(r).await
                })
                .await?;
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
        self.unary(&self.people, request, async |mut c, r| {
            c.create_person(r).await
        })
        .await
    }

    /// `UpdatePerson`.
    pub(crate) async fn update_person(
        &mut self,
        request: pb::UpdatePersonRequest,
    ) -> Result<pb::Person, Error> {
        self.unary(&self.people, request, async |mut c, r| {
            c.update_person(r).await
        })
        .await
    }

    /// `GetMember`.
    pub(crate) async fn get_member(
        &mut self,
        request: pb::GetMemberRequest,
    ) -> Result<pb::Member, Error> {
        self.unary(&self.members, request, async |mut c, r| {
            c.get_member(r).await
        })
        .await
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
            let page = self
                .unary(&self.members, request, async |mut c, r| {
                    c.list_members(r).await
                })
                .await?;
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
        self.unary(&self.members, request, async |mut c, r| {
            c.register_member(r).await
        })
        .await
    }
}
