//! Staff members, their passwords (argon2id) and API tokens (stored as SHA-256 digests only), and sign-in.

use crate::*;

impl Db {
    /// Adds a staff member with an argon2-hashed password.
    pub async fn create_staff(
        &self,
        operator_id: &OperatorId,
        new: &NewStaff,
        password: &Password,
        actor: &Actor,
    ) -> Result<StaffMember, DbError> {
        let password = password.clone();
        let hash = tokio::task::spawn_blocking(move || secrets::hash_password(&password))
            .await
            .map_err(|e| DbError::PasswordHash(e.to_string()))??;
        dispatch!(self, create_staff(operator_id, new, &hash, actor, now_us()))
    }

    /// A page of the operator's staff by e-mail address, after the member whose id is `after`.
    pub async fn list_staff(
        &self,
        operator_id: &OperatorId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<StaffMember>, DbError> {
        dispatch!(self, list_staff(operator_id, after, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// Checks an e-mail and password; returns the member when they match an active account.
    /// Takes the same time whether or not the member exists, so it does not reveal who has an account.
    pub async fn check_password(
        &self,
        operator_id: &OperatorId,
        email: &StaffEmail,
        password: &str,
    ) -> Result<Option<StaffMember>, DbError> {
        let found = dispatch!(self, staff_credentials(operator_id, email))?;
        let stored = found.as_ref().map_or_else(dummy_hash, |(_, hash)| hash.clone());
        let candidate = password.to_owned();
        let matches = tokio::task::spawn_blocking(move || secrets::verify_password(&candidate, &stored))
            .await
            .map_err(|e| DbError::PasswordHash(e.to_string()))?;
        Ok(found.filter(|(member, _)| matches && member.active).map(|(member, _)| member))
    }

    /// Issues an API token and returns it with its secret, which is never stored or shown again.
    pub async fn issue_token(
        &self,
        operator_id: &OperatorId,
        new: &NewToken,
        actor: &Actor,
    ) -> Result<(ApiToken, String), DbError> {
        self.issue_secret(operator_id, new, actor, Action::IssueToken).await
    }

    /// Issues a session token for a staff member who has just signed in.
    pub async fn sign_in(&self, member: &StaffMember, session_ttl_s: i64) -> Result<(ApiToken, String), DbError> {
        let now = now_us();
        let expires_at = now
            .checked_add(jiff::SignedDuration::from_secs(session_ttl_s))
            .map_err(|e| DbError::corrupt("session expiry", e))?;
        let new = NewToken {
            name: "console session".into(),
            roles: member.roles.clone(),
            staff_id: Some(member.id.clone()),
            expires_at: Some(expires_at),
        };
        let actor = Actor::parse(&format!("staff:{}", member.id))?;
        self.issue_secret(&member.operator_id, &new, &actor, Action::SignIn).await
    }

    async fn issue_secret(
        &self,
        operator_id: &OperatorId,
        new: &NewToken,
        actor: &Actor,
        action: Action,
    ) -> Result<(ApiToken, String), DbError> {
        let secret = secrets::new_token();
        let digest = secrets::token_digest(&secret);
        let token = dispatch!(self, issue_token(operator_id, new, &digest, actor, action, now_us()))?;
        Ok((token, secret))
    }

    /// The caller behind a token secret, if the token exists, is not revoked and has not expired.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<Principal>, DbError> {
        if !secret.starts_with(secrets::TOKEN_PREFIX) {
            return Ok(None);
        }
        let digest = secrets::token_digest(secret);
        let now = now_us();
        let ticket = match self.caches.tokens.get(&digest, now) {
            Ok(principal) => return Ok(Some(principal)),
            Err(ticket) => ticket,
        };
        let principal: Option<Principal> = dispatch!(self, authenticate(&digest, now))?;
        if let Some(principal) = &principal {
            self.caches.tokens.insert(ticket, digest, principal.clone());
        }
        Ok(principal)
    }

    /// A page of the operator's tokens, oldest first (metadata only), after the token `after`.
    pub async fn list_tokens(
        &self,
        operator_id: &OperatorId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ApiToken>, DbError> {
        dispatch!(self, list_tokens(operator_id, after, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// Revokes one of the operator's tokens.
    pub async fn revoke_token(&self, operator_id: &OperatorId, token_id: &str, actor: &Actor) -> Result<(), DbError> {
        let revoked = dispatch!(self, revoke_token(operator_id, token_id, actor, now_us()));
        self.caches.tokens.clear();
        revoked
    }
}
