#pragma once
/// Voisard et al., IPOL 2023 ("A reference data set for the study of healthy subject gait with
/// inertial measurement units"): Xsens MTw foot IMUs at 100 Hz, walking 10 m, 180° turn, 10 m back.
/// Files per trial S-T: `S-T_lf.txt`, `S-T_rf.txt` (PacketCounter, Acc m/s², Gyr rad/s, Mag) and
/// `S-T.json` with TrialBoundaries, UTurnBoundaries and per foot [toe-off, initial contact] pairs.
/// Each foot file is one Recording; reference TC = the pair's first index, IC = the second.
#include "runload/bridge/datasets/dataset_adapter.h"

namespace runload::bridge::datasets {

class VoisardAdapter final : public DatasetAdapter {
 public:
  std::string_view name() const noexcept override { return "voisard-ipol-2023"; }
  tl::expected<std::vector<RecordingInfo>, std::string> list(const std::filesystem::path& dir) const override;
  /// Reads info.files ({S-T_xf.txt, S-T.json}) and parses them with load_text().
  tl::expected<Recording, std::string> load(const RecordingInfo& info) const override;
  /// The recording from the text of its foot file and of its JSON; info.files name them in errors.
  tl::expected<Recording, std::string> load_text(const RecordingInfo& info, std::string_view foot_text,
                                                 std::string_view events_json) const;
};

}  // namespace runload::bridge::datasets
