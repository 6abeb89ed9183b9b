#pragma once
/// A plain HTTP/1.1 client for tests of `runload serve`: one request per connection, read to the close.
#include <string>

namespace runload::testing {

/// Sends `request` to 127.0.0.1:port and returns everything read until the server closes ("" when the
/// connection is refused).
std::string http_exchange(int port, const std::string& request);
/// The status code of a response, 0 when it is not one.
int http_status(const std::string& response);
/// The body of a response (after the blank line).
std::string http_body(const std::string& response);
/// `GET target` with Host 127.0.0.1 and `extra` header lines (each ending in \r\n).
std::string http_get(const std::string& target, const std::string& extra = "");
/// `POST target` of a JSON body, with `extra` header lines.
std::string http_post_json(const std::string& target, const std::string& body, const std::string& extra = "");

/// `POST target` of raw bytes (application/octet-stream) with Content-Length, with `extra` header lines.
std::string http_post_bytes(const std::string& target, const std::string& bytes, const std::string& extra = "");

}  // namespace runload::testing
