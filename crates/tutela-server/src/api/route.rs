//! A route and who may call it, declared together.
//!
//! Every route of the server is an [`ApiRoute`], made by [`staff`] (with the [`Permission`] it needs)
//! or [`public`] (no sign-in). There is no other way to add one, so a route without a declared
//! permission cannot be written. `app::router` puts the check in front of each route's handlers
//! (`auth::authorize`): the caller is authenticated and the permission checked before the handler
//! runs, and the handler receives the [`crate::auth::Caller`] already authorised. The same
//! declarations make the route table ([`RouteInfo`]) that tests and the hardening checks read.

use axum::http::Method;
use tutela_core::staff::Permission;
use utoipa::openapi::path::{HttpMethod, PathItem};
use utoipa_axum::router::UtoipaMethodRouter;

use crate::app::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token: published pages, sign-in, health.
    Public,
    /// A caller whose roles allow this permission.
    Staff(Permission),
}

/// One documented route (one path, one or more methods with the same access).
pub struct ApiRoute {
    /// Who may call it.
    pub access: Access,
    /// The handlers with their OpenAPI descriptions.
    pub handlers: UtoipaMethodRouter<AppState>,
}

/// A route that needs `permission`.
pub fn staff(permission: Permission, handlers: UtoipaMethodRouter<AppState>) -> ApiRoute {
    ApiRoute { access: Access::Staff(permission), handlers }
}

/// A route anyone may call.
pub fn public(handlers: UtoipaMethodRouter<AppState>) -> ApiRoute {
    ApiRoute { access: Access::Public, handlers }
}

/// A line of the route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    /// The HTTP method.
    pub method: Method,
    /// The path as OpenAPI writes it (`/api/v1/clocks/{id}`).
    pub path: String,
    /// Who may call it.
    pub access: Access,
}

impl ApiRoute {
    /// The method and path of every operation this route serves.
    pub fn info(&self) -> Vec<RouteInfo> {
        let (_, paths, _) = &self.handlers;
        paths
            .paths
            .iter()
            .flat_map(|(path, item)| {
                methods(item).into_iter().map(|method| RouteInfo { method, path: path.clone(), access: self.access })
            })
            .collect()
    }
}

fn methods(item: &PathItem) -> Vec<Method> {
    let operations = [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Head, &item.head),
    ];
    operations
        .into_iter()
        .filter(|(_, operation)| operation.is_some())
        .map(|(method, _)| match method {
            HttpMethod::Get => Method::GET,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Post => Method::POST,
            HttpMethod::Delete => Method::DELETE,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Head => Method::HEAD,
            HttpMethod::Options => Method::OPTIONS,
            HttpMethod::Trace => Method::TRACE,
        })
        .collect()
}
