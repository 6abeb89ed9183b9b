#include "runload/bridge/ximu3_csv_decoder.h"

#include <array>

#include "runload/bridge/ximu3_ascii.h"
#include "ximu3_inertial.h"

namespace runload::bridge {

Ximu3CsvDecoder::Ximu3CsvDecoder(DecoderSink& sink) noexcept : sink_(sink) {}

void Ximu3CsvDecoder::push(std::span<const std::uint8_t> bytes) noexcept {
  stats_.bytes += bytes.size();
  framer_.push(
      bytes, [this](std::span<const std::uint8_t> line) { on_line(line); },
      [this](std::size_t dropped) { count_ximu3_oversize(stats_, dropped); });
}

void Ximu3CsvDecoder::on_link_break() noexcept { count_ximu3_link_break(framer_, stats_); }

void Ximu3CsvDecoder::on_line(std::span<const std::uint8_t> line) noexcept {
  std::string_view text(reinterpret_cast<const char*>(line.data()), line.size());
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.empty()) return;
  if (text[0] < '0' || text[0] > '9') {
    if (text != kXimu3InertialCsvHeader) ++stats_.unknown;  // a header, but of another CSV file
    return;
  }
  std::uint64_t timestamp_us = 0;
  std::array<float, 6> values{};  // gyroscope deg/s x3, accelerometer g x3
  if (!parse_ximu3_numeric_fields(text, timestamp_us, values) ||
      !Ximu3InertialStream::plausible_values(values.data(), values.data() + 3)) {
    ++stats_.malformed;
    ++stats_.resyncs;
    stats_.dropped_bytes += line.size() + 1;
    return;
  }
  ++stats_.frames;
  inertial_.deliver(stats_, sink_, timestamp_us, values.data(), values.data() + 3);
}

}  // namespace runload::bridge
