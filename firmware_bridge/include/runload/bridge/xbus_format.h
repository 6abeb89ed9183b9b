#pragma once
/// Xsens Xbus framing and MTData2 constants shared by XbusDecoder and the Xbus encoder
/// (PROTOCOLS.md §3; Xsens MT Low-Level Communication Protocol):
///   FA | BID | MID | LEN | [EXT_LEN u16 BE if LEN = 0xFF] | payload | CS,  sum(BID..CS) = 0 mod 256
///   MTData2 payload: repeated DataID u16 BE | size u8 | data (big-endian)
#include <cstddef>
#include <cstdint>

namespace runload::bridge::xbus {

inline constexpr std::uint8_t kPreamble = 0xFA;
inline constexpr std::uint8_t kBusIdHost = 0xFF;
inline constexpr std::uint8_t kExtendedLength = 0xFF;  ///< LEN value announcing EXT_LEN
inline constexpr std::uint8_t kMidMtData2 = 0x36;

/// Largest payload the decoder accepts; longer announced lengths are treated as corruption.
/// (MTData2 at full configuration stays well below; the Xbus limit is 65535 with EXT_LEN.)
inline constexpr std::size_t kMaxPayloadBytes = 2048;
/// Preamble + BID + MID + LEN + EXT_LEN + payload + CS.
inline constexpr std::size_t kMaxFrameBytes = 6 + kMaxPayloadBytes + 1;

inline constexpr std::uint16_t kPacketCounter = 0x1020;   ///< u16
inline constexpr std::uint16_t kSampleTimeFine = 0x1060;  ///< u32, 10 kHz ticks
inline constexpr std::uint16_t kAcceleration = 0x4020;    ///< 3 x real, m/s², low 4 bits = format
inline constexpr std::uint16_t kRateOfTurn = 0x8020;      ///< 3 x real, rad/s, low 4 bits = format
inline constexpr std::uint16_t kGnssGroupMask = 0xF000;
inline constexpr std::uint16_t kGnssGroup = 0x7000;        ///< GnssPvtData 0x7010, GnssSatInfo 0x7020
inline constexpr std::uint16_t kTypeMask = 0xFFF0;          ///< DataID without the format bits
inline constexpr std::uint16_t kPrecisionMask = 0x0003;     ///< 0 Float32, 1 Fp1220, 2 Fp1632, 3 Float64
inline constexpr std::int64_t kSampleTimeFineUsPerTick = 100;  ///< 10 kHz

}  // namespace runload::bridge::xbus
