//! The OpenAPI 3.1 description served at `/api/v1/openapi.json`, written by hand
//! next to the handlers it describes. The limits it states come from the same
//! constants the handlers check, and the `openapi_*` tests request every path,
//! method and parameter it lists, so the document cannot drift from the server.

use axum::Json;
use serde_json::{json, Value};

use crate::params::{DEFAULT_LIMIT, MAX_FILTER_CHARS, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS};

pub async fn document() -> Json<Value> {
    Json(describe())
}

/// The search parameters shared by `/api/v1/search` and the two feeds.
fn search_parameters() -> Value {
    let query = |name: &str, description: &str, schema: Value| {
        json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
    };
    json!([
        query("q", "Words to search for; Arabic words also match their other forms. Empty lists everything.",
              json!({ "type": "string", "maxLength": MAX_QUERY_CHARS })),
        query("from", "Earliest article date, inclusive.", json!({ "type": "string", "format": "date" })),
        query("to", "Latest article date, inclusive.", json!({ "type": "string", "format": "date" })),
        query("outlet", "Only articles from this outlet (exact name, as in /api/v1/stats).",
              json!({ "type": "string", "maxLength": MAX_FILTER_CHARS })),
        query("lang", "Only articles in this language (ISO 639-1 code, e.g. ar).",
              json!({ "type": "string", "maxLength": MAX_FILTER_CHARS })),
        query("limit", "Hits per page.",
              json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT })),
        query("offset", "Hits to skip (paging).",
              json!({ "type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0 })),
        query("sort", "Order of hits: by relevance, or newest first. Feeds default to date.",
              json!({ "type": "string", "enum": ["relevance", "date"] })),
    ])
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn id_parameter() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": "Article id (from search hits).",
            "schema": { "type": "integer", "format": "int64", "minimum": 1 } })
}

/// Write actions need `Authorization: Bearer <MARSAD_TOKEN>`.
fn write_security() -> Value {
    json!([{ "bearer": [] }])
}

fn write_refusals() -> Value {
    json!({
        "401": error_response("Missing or wrong bearer token."),
        "403": error_response("Write actions are disabled: the server has no MARSAD_TOKEN."),
    })
}

fn with_refusals(mut responses: Value) -> Value {
    if let (Some(map), Value::Object(extra)) = (responses.as_object_mut(), write_refusals()) {
        map.extend(extra);
    }
    responses
}

pub fn describe() -> Value {
    let schema = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Marsad API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Search and read the Arabic news Marsad has collected. Reads are open unless the server runs with --require-token; write actions always need Authorization: Bearer <MARSAD_TOKEN>. Every error is JSON {\"error\": \"...\"}."
        },
        "servers": [{ "url": "/" }],
        "paths": {
            "/api/v1/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Ranked full-text search with filters and paging",
                    "parameters": search_parameters(),
                    "responses": {
                        "200": json_response("A page of hits and the total count.", schema("SearchResults")),
                        "400": error_response("A parameter is malformed or out of range."),
                    }
                }
            },
            "/api/v1/articles/{id}": {
                "get": {
                    "operationId": "getArticle",
                    "summary": "One stored article, whole",
                    "parameters": [id_parameter()],
                    "responses": {
                        "200": json_response("The article.", schema("Article")),
                        "400": error_response("The id is not a positive whole number."),
                        "404": error_response("No article has this id."),
                    }
                },
                "delete": {
                    "operationId": "deleteArticle",
                    "summary": "Remove an article from the store and the index",
                    "security": write_security(),
                    "parameters": [id_parameter()],
                    "responses": with_refusals(json!({
                        "204": { "description": "Deleted." },
                        "400": error_response("The id is not a positive whole number."),
                        "404": error_response("No article has this id."),
                        "409": error_response("A crawl or marsad ingest holds the index; try again later."),
                    }))
                }
            },
            "/api/v1/sources": {
                "get": {
                    "operationId": "listSources",
                    "summary": "Every source with its health, failing ones first",
                    "responses": {
                        "200": json_response("The sources.", json!({ "type": "array", "items": schema("SourceHealth") })),
                    }
                },
                "post": {
                    "operationId": "addSource",
                    "summary": "Register a feed, sitemap or page URL for later crawls",
                    "security": write_security(),
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": schema("NewSource") } }
                    },
                    "responses": with_refusals(json!({
                        "201": json_response("The source as now registered.", schema("SourceHealth")),
                        "400": error_response("The body is not {\"url\": \"http(s)://…\"}."),
                        "413": error_response("The body is too large."),
                    }))
                }
            },
            "/api/v1/crawl": {
                "get": {
                    "operationId": "crawlStatus",
                    "summary": "Whether a crawl runs, and what the last one did",
                    "responses": { "200": json_response("The crawl status.", schema("CrawlStatus")) }
                },
                "post": {
                    "operationId": "startCrawl",
                    "summary": "Crawl the given sources, or every known source, in the background",
                    "security": write_security(),
                    "requestBody": {
                        "required": false,
                        "content": { "application/json": { "schema": schema("CrawlRequest") } }
                    },
                    "responses": with_refusals(json!({
                        "202": json_response("The crawl started.", schema("CrawlStatus")),
                        "400": error_response("A source is not an http(s) URL, or there is nothing to crawl."),
                        "409": error_response("A crawl is already running, or another process writes the index."),
                        "413": error_response("The body is too large."),
                    }))
                }
            },
            "/api/v1/stats": {
                "get": {
                    "operationId": "stats",
                    "summary": "Counts of articles, sources and articles per outlet",
                    "responses": { "200": json_response("The counts.", schema("Stats")) }
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": { "200": { "description": "OpenAPI 3.1 JSON.", "content": { "application/json": {} } } }
                }
            },
            "/feeds/search.rss": {
                "get": {
                    "operationId": "searchRss",
                    "summary": "The first page of a search as RSS 2.0, newest first by default",
                    "parameters": search_parameters(),
                    "responses": {
                        "200": { "description": "RSS 2.0.", "content": { "application/rss+xml": {} } },
                        "400": error_response("A parameter is malformed or out of range."),
                    }
                }
            },
            "/feeds/search.atom": {
                "get": {
                    "operationId": "searchAtom",
                    "summary": "The first page of a search as Atom 1.0, newest first by default",
                    "parameters": search_parameters(),
                    "responses": {
                        "200": { "description": "Atom 1.0.", "content": { "application/atom+xml": {} } },
                        "400": error_response("A parameter is malformed or out of range."),
                    }
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "The value of MARSAD_TOKEN on the server." }
            },
            "schemas": {
                "Error": {
                    "type": "object", "required": ["error"],
                    "properties": { "error": { "type": "string" } }
                },
                "SearchResults": {
                    "type": "object", "required": ["total", "hits"],
                    "properties": {
                        "total": { "type": "integer" },
                        "hits": { "type": "array", "items": schema("SearchHit") }
                    }
                },
                "SearchHit": {
                    "type": "object", "required": ["id", "url", "snippet", "score"],
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "title": { "type": ["string", "null"] },
                        "url": { "type": "string" },
                        "outlet": { "type": ["string", "null"] },
                        "date": { "type": ["string", "null"], "description": "ISO 8601 date or date-time." },
                        "snippet": { "type": "string", "description": "HTML-escaped text with matches in <mark>…</mark>." },
                        "score": { "type": "number" }
                    }
                },
                "Article": {
                    "type": "object", "required": ["id", "url", "paragraphs", "text_hash", "fetched_at"],
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "url": { "type": "string" },
                        "canonical_url": { "type": ["string", "null"] },
                        "title": { "type": ["string", "null"] },
                        "author": { "type": ["string", "null"] },
                        "date": { "type": ["string", "null"] },
                        "outlet": { "type": ["string", "null"] },
                        "language": { "type": ["string", "null"] },
                        "paragraphs": { "type": "array", "items": { "type": "string" } },
                        "image": { "type": ["string", "null"] },
                        "image_caption": { "type": ["string", "null"] },
                        "text_hash": { "type": "string" },
                        "source_url": { "type": ["string", "null"] },
                        "fetched_at": { "type": "string", "format": "date-time" }
                    }
                },
                "SourceHealth": {
                    "type": "object", "required": ["url", "status"],
                    "properties": {
                        "url": { "type": "string" },
                        "status": { "type": "string", "enum": ["ok", "failing"] },
                        "http_status": { "type": ["integer", "null"] },
                        "last_error": { "type": ["string", "null"] },
                        "last_success": { "type": ["string", "null"] },
                        "last_checked": { "type": ["string", "null"] },
                        "items_seen": { "type": "integer" },
                        "articles": { "type": "integer" },
                        "failures": { "type": "integer" },
                        "not_modified": { "type": "integer" },
                        "etag": { "type": ["string", "null"] },
                        "last_modified": { "type": ["string", "null"] }
                    }
                },
                "Stats": {
                    "type": "object", "required": ["articles", "sources", "failing_sources", "outlets"],
                    "properties": {
                        "articles": { "type": "integer" },
                        "sources": { "type": "integer" },
                        "failing_sources": { "type": "integer" },
                        "outlets": { "type": "array", "items": {
                            "type": "object",
                            "properties": { "name": { "type": "string" }, "articles": { "type": "integer" } }
                        } }
                    }
                },
                "NewSource": {
                    "type": "object", "required": ["url"], "additionalProperties": false,
                    "properties": { "url": { "type": "string", "format": "uri", "maxLength": 2000 } }
                },
                "CrawlRequest": {
                    "type": "object", "additionalProperties": false,
                    "properties": { "sources": { "type": "array", "maxItems": 500, "items": { "type": "string", "format": "uri" } } }
                },
                "CrawlStatus": {
                    "type": "object",
                    "properties": {
                        "running": { "type": "boolean" },
                        "started_at": { "type": ["string", "null"] },
                        "finished_at": { "type": ["string", "null"] },
                        "sources": { "type": "array", "items": { "type": "string" } },
                        "new_articles": { "type": "integer" },
                        "known_articles": { "type": "integer" },
                        "failed_sources": { "type": "integer" },
                        "error": { "type": ["string", "null"] }
                    }
                }
            }
        }
    })
}
