//! The demo operators' generated stores (filled in below).
