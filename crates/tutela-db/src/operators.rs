//! Operators: the tenant boundary every other row belongs to.

use crate::*;

impl Db {
    /// Creates an operator; its journal starts with the creation.
    pub async fn create_operator(
        &self,
        slug: &OperatorSlug,
        name: &OperatorName,
        actor: &Actor,
    ) -> Result<Operator, DbError> {
        dispatch!(self, create_operator(slug, name, actor, now_us()))
    }

    /// The operator with this slug, if any.
    pub async fn operator_by_slug(&self, slug: &str) -> Result<Option<Operator>, DbError> {
        dispatch!(self, operator_by_slug(slug))
    }

    /// The operator with this slug, or [`DbError::NotFound`].
    pub async fn operator(&self, slug: &str) -> Result<Operator, DbError> {
        self.operator_by_slug(slug).await?.ok_or_else(|| DbError::NotFound { kind: "operator", id: slug.to_owned() })
    }

    /// Every operator, by slug.
    pub async fn list_operators(&self) -> Result<Vec<Operator>, DbError> {
        dispatch!(self, list_operators())
    }
}
