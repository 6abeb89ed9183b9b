#include "runload/bridge/protocol_detect.h"

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "runload/bridge/ximu3_csv_decoder.h"

namespace runload::bridge {

namespace {
class CountingSink final : public DecoderSink {
 public:
  void on_samples(const SampleBatch&) override {}
};
}  // namespace

std::optional<Protocol> detect_protocol(std::span<const std::uint8_t> head) {
  const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  if (text.starts_with("Timestamp (us),")) return Protocol::kXimu3Csv;
  std::optional<Protocol> best;
  double best_score = 0;
  for (Protocol p : {Protocol::kRunload, Protocol::kXsens, Protocol::kXimu3}) {
    CountingSink sink;
    auto decoder = make_decoder(p, sink);
    if (!decoder) continue;
    decoder->push(head);
    const DecoderStats& s = decoder->stats();
    const double errors = static_cast<double>(s.checksum_errors + s.malformed + s.oversize);
    // Frames count too: a capture may hold only non-IMU messages (an Xsens GNSS/orientation setup).
    const double score = static_cast<double>(s.samples + s.frames) - 4.0 * errors;
    if (s.frames > 0 && score > best_score) {
      best = p;
      best_score = score;
    }
  }
  return best;
}

bool is_ximu3_inertial_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line == kXimu3InertialCsvHeader;
}

std::optional<Protocol> detect_file_protocol(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> head(64 * 1024);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return detect_protocol(head);
}

}  // namespace runload::bridge
