#include "dashboard.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <cctype>
#include <charconv>
#include <random>

#include "cli.h"
#include "kept_views.h"
#include "report_json.h"
#include "request_target.h"
#include "runload/core/load_status.h"
#include "runload/core/risk_report.h"
#include "store_options.h"
#include "version.h"
#include "web_assets.h"
#include "web_views.h"

namespace runload::apps {

namespace http = boost::beast::http;
using nlohmann::json;

namespace {

/// Who is asking, once their token is checked.
struct Access {
  std::optional<std::string> user_name;               ///< nullopt: a loopback dashboard without a token
  std::optional<std::vector<std::int64_t>> athletes;  ///< the athletes they may see; nullopt: every one
  std::optional<std::int64_t> self;                   ///< an athlete user's own athlete
};

constexpr std::string_view kPageSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
constexpr std::string_view kTokenCookie = "runload_token";

/// Compares in time independent of where the strings differ.
bool same_secret(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<std::string> cookie_value(const HttpRequest& req, std::string_view name) {
  const auto it = req.find(http::field::cookie);
  if (it == req.end()) return std::nullopt;
  std::string_view rest(it->value().data(), it->value().size());
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    const auto pair = trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

/// A Host header naming this loopback server: `localhost` or a literal loopback address (127.0.0.0/8,
/// [::1]), with an optional port. Never a name that only looks like one (127.attacker.example): an
/// attacker's DNS can point that at us (DNS rebinding).
bool host_is_loopback(std::string_view host) {
  std::string_view name = host;
  std::string_view port;
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    name = host.substr(1, close - 1);
    const std::string_view rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':' || rest.size() == 1) return false;
      port = rest.substr(1);
    }
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
  if (name.size() == 9 && std::equal(name.begin(), name.end(), "localhost", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      })) {
    return true;
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(name), ec);
  return !ec && address.is_loopback();
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

HttpResponse json_response(const json& body) {
  return make_http_response(200, body.dump() + "\n", "application/json; charset=utf-8");
}

/// A kept page's body (JSON and a newline).
HttpResponse page_response(const std::string& body) {
  return make_http_response(200, body, "application/json; charset=utf-8");
}

HttpResponse method_not_allowed(std::string_view allow, std::string_view message) {
  auto res = make_http_error(405, message);
  res.set(http::field::allow, std::string(allow));
  return res;
}

HttpResponse asset_response(const WebAsset& asset) {
  auto res = make_http_response(200, std::string(asset.body), asset.content_type);
  if (asset.content_type.starts_with("text/html")) res.set("Content-Security-Policy", std::string(kPageSecurityPolicy));
  return res;
}

std::optional<double> optional_number(const json& body, const char* key, double lo, double hi, std::string& error) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (!body[key].is_number() || body[key].get<double>() < lo || body[key].get<double>() > hi) {
    error = std::string(key) + " must be a number in [" + std::to_string(static_cast<int>(lo)) + ", " +
            std::to_string(static_cast<int>(hi)) + "]";
    return std::nullopt;
  }
  return body[key].get<double>();
}

/// The symptom fields of a log body: pain ratings and the article's yes/no inputs. Sets `error` on a bad
/// value; nullopt when the body logs no symptom.
std::optional<core::SymptomEntry> symptom_from_json(const json& body, std::string& error) {
  core::SymptomEntry e;
  e.pain_during_0_10 = optional_number(body, "pain_during", 0, 10, error);
  e.pain_after_0_10 = optional_number(body, "pain_after", 0, 10, error);
  e.pain_next_morning_0_10 = optional_number(body, "pain_morning", 0, 10, error);
  const std::pair<const char*, bool core::SymptomEntry::*> flags[] = {
      {"swelling", &core::SymptomEntry::swelling},
      {"redness_or_warmth", &core::SymptomEntry::redness_or_warmth},
      {"instability", &core::SymptomEntry::instability},
      {"cannot_bear_weight", &core::SymptomEntry::difficulty_bearing_weight},
      {"restricted_motion", &core::SymptomEntry::restricted_motion},
      {"stiffness", &core::SymptomEntry::stiffness},
      {"clicking", &core::SymptomEntry::locking_or_clicking},
      {"seen_professional", &core::SymptomEntry::seen_professional},
  };
  for (const auto& [key, field] : flags) {
    if (!body.contains(key) || body[key].is_null()) continue;
    if (!body[key].is_boolean()) {
      error = std::string(key) + " must be true or false";
      continue;
    }
    e.*field = body[key].get<bool>();
  }
  if (body.contains("note") && body["note"].is_string()) e.notes = body["note"].get<std::string>().substr(0, 2000);
  const bool any = e.pain_during_0_10 || e.pain_after_0_10 || e.pain_next_morning_0_10 || core::has_symptoms(e) ||
                   e.seen_professional;
  return any ? std::optional(e) : std::nullopt;
}

std::optional<json> json_body(const HttpRequest& req, HttpResponse& error) {
  const auto type = req[http::field::content_type];
  if (!type.starts_with("application/json")) {
    error = make_http_error(415, "send the log as application/json");
    return std::nullopt;
  }
  auto body = json::parse(req.body(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    error = make_http_error(400, "the body is not a JSON object");
    return std::nullopt;
  }
  return body;
}

/// POST /api/sessions/{id}/log: {"rpe", "surface", "note", and the symptom fields of symptom_from_json}.
HttpResponse log_session(store::Store& s, std::int64_t id, const HttpRequest& req) {
  HttpResponse failure;
  const auto body = json_body(req, failure);
  if (!body) return failure;
  std::string error;
  const auto rpe = optional_number(*body, "rpe", 0, 10, error);
  auto symptoms = symptom_from_json(*body, error);
  if (!error.empty()) return make_http_error(400, error);
  auto stored = s.session(id);
  if (!stored) return make_http_error(404, "no session with id " + std::to_string(id));
  core::Session x = stored->session;
  if (rpe) x.rpe = rpe;
  if (body->contains("surface") && (*body)["surface"].is_string()) {
    const auto surface = core::surface_from_string((*body)["surface"].get<std::string>());
    if (!surface) return make_http_error(400, "surface must be road, track, treadmill, trail, grass or mixed");
    x.surface = *surface;
  }
  if (body->contains("note") && (*body)["note"].is_string()) x.notes = (*body)["note"].get<std::string>().substr(0, 2000);
  if (auto r = s.update_session_log(x); !r) return make_http_error(500, r.error());
  if (symptoms) {
    symptoms->athlete_id = x.athlete_id;
    symptoms->date = x.date;
    if (auto r = s.add_symptom(*symptoms); !r) return make_http_error(500, r.error());
  }
  return json_response({{"logged", id}, {"symptoms", symptoms.has_value()}});
}

/// POST /api/athletes/{id}/symptoms: a day-level entry {"date", and the symptom fields} (a rest day too).
HttpResponse log_day(store::Store& s, const core::Athlete& athlete, const HttpRequest& req) {
  HttpResponse failure;
  const auto body = json_body(req, failure);
  if (!body) return failure;
  const auto date = body->contains("date") && (*body)["date"].is_string()
                        ? core::parse_iso_date((*body)["date"].get<std::string>())
                        : std::nullopt;
  if (!date) return make_http_error(400, "date must be a date (YYYY-MM-DD)");
  std::string error;
  auto entry = symptom_from_json(*body, error);
  if (!error.empty()) return make_http_error(400, error);
  if (!entry) return make_http_error(400, "nothing to log: give a pain rating or a symptom");
  entry->athlete_id = athlete.id;
  entry->date = *date;
  const auto id = s.add_symptom(*entry);
  if (!id) return make_http_error(500, id.error());
  return json_response({{"logged", *id}, {"athlete_id", athlete.id}, {"date", core::to_iso_string(*date)}});
}

/// Who is asking, with how they showed it (the page keeps a token that came in the URL as a cookie).
struct Caller {
  Access access;
  std::optional<std::string> presented;
  bool from_query = false;
};

/// Access: a token guards everything, the page and its assets included: the server's own (everything),
/// or a user's (`rl_...`: what their role lets them see). Without either, only on a loopback bind.
/// `open` opens the store when a user's token must be looked up.
tl::expected<Caller, HttpResponse> identify(const DashboardSettings& settings, const HttpRequest& req,
                                            const RequestTarget& target,
                                            const std::function<store::Store&()>& open) {
  Caller caller;
  auto& presented = caller.presented;
  const auto auth = req[http::field::authorization];
  if (auth.starts_with("Bearer ")) presented = std::string(auth.data() + 7, auth.size() - 7);
  if (!presented) {
    if (const auto q = target.query.find("token"); q != target.query.end()) {
      presented = q->second;
      caller.from_query = true;
    }
  }
  if (!presented) presented = cookie_value(req, kTokenCookie);
  if (presented && !settings.token.empty() && same_secret(*presented, settings.token)) {
    caller.access.user_name = "owner";
  } else if (presented && presented->starts_with("rl_")) {
    const auto user = open().authenticate(*presented);
    if (!user) return tl::unexpected(make_http_error(403, "this token is not valid (revoked, or mistyped)"));
    caller.access.user_name = user->name;
    caller.access.athletes = open().visible_athletes(*user);
    if (user->role == store::Role::kAthlete) caller.access.self = user->athlete_id;
  } else if (!settings.token.empty()) {
    return tl::unexpected(
        make_http_error(403, "a valid token is required (Authorization: Bearer T, or open the URL with ?token=T)"));
  } else if (!host_is_loopback(std::string_view(req[http::field::host].data(), req[http::field::host].size()))) {
    return tl::unexpected(make_http_error(403, "the Host header must name this loopback server"));
  }
  return caller;
}

/// The JSON of an upload: its id, athlete, state, and once done the sessions it became (or why not).
json upload_json(const store::Upload& u) {
  json j{{"upload_id", u.id},           {"athlete_id", u.athlete_id}, {"kind", store::to_string(u.kind)},
         {"bytes", u.bytes},            {"state", store::to_string(u.state)}, {"session_ids", u.session_ids},
         {"uploaded_by", u.uploaded_by}, {"attempts", u.attempts}};
  if (!u.error.empty()) j["error"] = u.error;
  return j;
}

}  // namespace

std::string generate_token() {
  std::random_device rd;
  std::string token;
  constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    const std::uint32_t word = rd();
    for (int nibble = 0; nibble < 8; ++nibble) token.push_back(kHex[(word >> (4 * nibble)) & 0xF]);
  }
  return token;
}

Dashboard::Dashboard(DashboardSettings settings)
    : settings_(std::move(settings)),
      stores_(std::make_shared<StorePool>(settings_.store_path, settings_.allow_writes)),
      views_(std::make_shared<ViewCache>()) {}

HttpResponse Dashboard::handle(const HttpRequest& req) const {
  const auto target = parse_request_target(std::string_view(req.target().data(), req.target().size()));
  if (!target) return make_http_error(400, target.error());

  std::optional<StorePool::Lease> store;
  const auto open = [&]() -> store::Store& {
    if (!store) store.emplace(stores_->borrow());
    return **store;
  };
  auto caller = identify(settings_, req, *target, open);
  if (!caller) return std::move(caller.error());
  const Access& access = caller->access;
  const auto& presented = caller->presented;
  const bool set_cookie = caller->from_query && presented;

  const auto& seg = target->segments;
  const bool is_get = req.method() == http::verb::get;
  const bool is_post = req.method() == http::verb::post;
  const bool write_route = (seg.size() == 4 && seg[0] == "api" &&
                            ((seg[1] == "sessions" && seg[3] == "log") || (seg[1] == "athletes" && seg[3] == "symptoms"))) ||
                           (seg.size() == 2 && seg[0] == "api" && seg[1] == "uploads");
  if (is_post && write_route) {
    if (!settings_.allow_writes) {
      return method_not_allowed("GET", "this dashboard is read-only (start it with --allow-writes and a token)");
    }
    if (seg.size() == 2) return method_not_allowed("GET", "uploads are off on this server");  // else admit_upload
  } else if (!is_get) {
    return method_not_allowed(write_route ? "POST" : "GET", "method not allowed");
  }

  // Static: the page and the embedded assets, by exact name; nothing is read from disk.
  if (seg.empty() || (seg.size() == 1 && seg[0] == "index.html")) {
    auto res = asset_response(*find_web_asset("index.html"));
    if (set_cookie) {
      res.set(http::field::set_cookie,
              std::string(kTokenCookie) + "=" + *presented + "; Path=/; HttpOnly; SameSite=Strict");
    }
    return res;
  }
  if (seg[0] == "assets") {
    const auto* asset = seg.size() == 2 ? find_web_asset(seg[1]) : nullptr;
    if (!asset) return make_http_error(404, "no such asset");
    return asset_response(*asset);
  }
  if (seg[0] != "api") return make_http_error(404, "not found");

  ViewOptions options;
  options.config = settings_.config;
  options.as_of = settings_.as_of.value_or(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  if (const auto q = target->query.find("as_of"); q != target->query.end()) {
    const auto d = core::parse_iso_date(q->second);
    if (!d) return make_http_error(400, "as_of must be a date (YYYY-MM-DD)");
    options.as_of = *d;
  }
  options.athletes = access.athletes;
  auto& s = open();

  if (seg.size() == 2 && seg[1] == "info") {
    return json_response({{"version", runload_version()},
                          {"as_of", core::to_iso_string(options.as_of)},
                          {"writes_allowed", settings_.allow_writes},
                          {"user", access.user_name ? json(*access.user_name) : json(nullptr)}});
  }
  if (seg.size() == 2 && seg[1] == "athletes") return page_response(*kept_roster(*views_, s, options));
  if (seg.size() >= 3 && seg.size() <= 4 && seg[1] == "athletes") {
    const auto id = parse_id(seg[2]);
    const auto athlete = id && options.shows(*id) ? s.athlete(*id) : std::nullopt;
    if (!athlete) return make_http_error(404, "no such athlete");
    if (seg.size() == 3) {
      const auto page = kept_athlete_page(*views_, s, athlete->id, options);
      if (!page) return make_http_error(404, "no such athlete");
      return page_response(*page);
    }
    if (write_route && is_post) return log_day(s, *athlete, req);
    if (seg[3] == "load" || seg[3] == "risk") {
      auto h = s.history(athlete->id);
      if (!h) return make_http_error(500, h.error());
      if (seg[3] == "load") {
        auto j = to_json(core::estimate_load_status(*h, options.as_of, options.config.load));
        j["athlete_id"] = athlete->id;
        return json_response(j);
      }
      auto j = to_json(core::build_risk_report(*h, options.as_of, options.config));
      j["athlete_id"] = athlete->id;
      return json_response(j);
    }
    if (seg[3] == "sessions") {
      const auto view = athlete_view_json(s, *athlete, options);
      return json_response({{"athlete_id", athlete->id}, {"sessions", view["sessions"]}});
    }
    return make_http_error(404, "not found");
  }
  if (seg.size() == 3 && seg[1] == "uploads") {
    const auto id = parse_id(seg[2]);
    const auto upload = id ? s.upload(*id) : std::nullopt;
    if (!upload || !options.shows(upload->athlete_id)) return make_http_error(404, "no such upload");
    return json_response(upload_json(*upload));
  }
  if (seg.size() >= 3 && seg[1] == "sessions") {
    const auto id = parse_id(seg[2]);
    // The session and its athlete's revision in one read: the scope check, the page's key and the page itself.
    const auto read = id ? s.session_and_revision(*id) : std::nullopt;
    if (!read || !options.shows(read->first.session.athlete_id)) return make_http_error(404, "no such session");
    if (seg.size() == 3) {
      const auto page = kept_session_page(*views_, s, read->first, read->second, options);
      if (!page) return make_http_error(404, "no such session");
      return page_response(*page);
    }
    if (write_route && is_post) return log_session(s, *id, req);
  }
  return make_http_error(404, "not found");
}

bool Dashboard::takes_upload(const HttpRequest& head) const {
  if (head.method() != http::verb::post) return false;
  const auto target = parse_request_target(std::string_view(head.target().data(), head.target().size()));
  return target && target->segments == std::vector<std::string>{"api", "uploads"};
}

tl::expected<Dashboard::Uploader, HttpResponse> Dashboard::uploader(const HttpRequest& head, store::Store& s) const {
  const auto target = parse_request_target(std::string_view(head.target().data(), head.target().size()));
  if (!target) return tl::unexpected(make_http_error(400, target.error()));
  auto caller = identify(settings_, head, *target, [&]() -> store::Store& { return s; });
  if (!caller) return tl::unexpected(std::move(caller.error()));
  const Access& access = caller->access;
  std::optional<std::int64_t> athlete = access.self;
  if (const auto q = target->query.find("athlete"); q != target->query.end()) {
    athlete = parse_id(q->second);
    if (!athlete) return tl::unexpected(make_http_error(400, "athlete must be an athlete's id"));
  }
  if (!athlete) return tl::unexpected(make_http_error(400, "say whose run it is: ?athlete=ID"));
  const bool visible = !access.athletes || std::find(access.athletes->begin(), access.athletes->end(), *athlete) !=
                                               access.athletes->end();
  if (!visible || !s.athlete(*athlete)) return tl::unexpected(make_http_error(404, "no such athlete"));
  std::optional<std::int32_t> utc_offset_s;
  if (const auto q = target->query.find("utc_offset_s"); q != target->query.end()) {
    int offset = 0;
    const auto [end, ec] = std::from_chars(q->second.data(), q->second.data() + q->second.size(), offset);
    if (ec != std::errc{} || end != q->second.data() + q->second.size() || offset < -18 * 3600 || offset > 18 * 3600) {
      return tl::unexpected(make_http_error(400, "utc_offset_s must be whole seconds within ±18 h"));
    }
    utc_offset_s = offset;
  }
  return Uploader{*athlete, access.user_name.value_or("owner"), utc_offset_s};
}

std::optional<HttpResponse> Dashboard::admit_upload(const HttpRequest& head) const {
  if (!settings_.allow_writes) {
    return method_not_allowed("GET", "this dashboard is read-only (start it with --allow-writes and a token)");
  }
  if (!settings_.uploads) return method_not_allowed("GET", "uploads are off on this server");
  const auto s = stores_->borrow();
  auto who = uploader(head, *s);
  if (!who) return std::move(who.error());
  return std::nullopt;
}

HttpResponse Dashboard::receive_upload(const HttpRequest& head, const std::filesystem::path& file) const {
  const auto s = stores_->borrow();
  auto who = uploader(head, *s);  // again: a token revoked while the body arrived is refused
  if (!who) return std::move(who.error());
  const auto received = apps::receive_upload(*s, *settings_.uploads, who->athlete_id, who->user, who->utc_offset_s, file);
  if (!received) return make_http_error(415, received.error());
  auto j = upload_json(received->upload);
  j["duplicate"] = !received->queued;
  if (received->queued && settings_.upload_queued) settings_.upload_queued();
  return make_http_response(received->queued ? 202 : 200, j.dump() + "\n", "application/json; charset=utf-8");
}

}  // namespace runload::apps
