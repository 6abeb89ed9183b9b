#include "runload/bridge/decoder.h"

#include "runload/bridge/runload_decoder.h"
#include "runload/bridge/xbus_decoder.h"
#include "runload/bridge/ximu3_csv_decoder.h"
#include "runload/bridge/ximu3_decoder.h"

namespace runload::bridge {

std::string_view to_string(Protocol p) noexcept {
  switch (p) {
    case Protocol::kRunload: return "runload";
    case Protocol::kXimu3: return "ximu3";
    case Protocol::kXimu3Csv: return "ximu3-csv";
    case Protocol::kXsens: return "xsens";
  }
  return "unknown";
}

std::optional<Protocol> protocol_from_string(std::string_view s) noexcept {
  for (Protocol p : {Protocol::kRunload, Protocol::kXimu3, Protocol::kXimu3Csv, Protocol::kXsens}) {
    if (s == to_string(p)) return p;
  }
  return std::nullopt;
}

std::unique_ptr<Decoder> make_decoder(Protocol protocol, DecoderSink& sink) {
  switch (protocol) {
    case Protocol::kRunload: return std::make_unique<RunloadDecoder>(sink);
    case Protocol::kXimu3: return std::make_unique<Ximu3Decoder>(sink);
    case Protocol::kXimu3Csv: return std::make_unique<Ximu3CsvDecoder>(sink);
    case Protocol::kXsens: return std::make_unique<XbusDecoder>(sink);
  }
  return nullptr;
}

}  // namespace runload::bridge
