// The offline DSP the PyShoe reference is computed with (reference_dsp.h) against numpy / scipy.
// Every expected value below was printed by scipy 1.10 / numpy 1.24 (Debian 12's python3) with the
// call named in the test; the tolerances are a few ulp-scale steps of double arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "runload/bridge/datasets/reference_dsp.h"

namespace {

using namespace runload::bridge::datasets;

void expect_all_near(const std::vector<double>& got, const std::vector<double>& want, double tolerance) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tolerance) << "index " << i;
}

TEST(ReferenceDspTest, ButterworthMatchesScipyButter) {
  // GIVEN scipy.signal.butter(4, 10, fs=200) and butter(2, 5, fs=100)
  const auto f4 = butterworth_lowpass(4, 10.0, 200.0);
  const auto f2 = butterworth_lowpass(2, 5.0, 100.0);
  ASSERT_TRUE(f4 && f2);
  // THEN the coefficients agree to 1e-13 (double rounding of the pole products)
  expect_all_near(f4->b, {0.0004165992044066, 0.0016663968176264, 0.0024995952264396, 0.0016663968176264, 0.0004165992044066},
                  1e-13);
  expect_all_near(f4->a, {1.0, -3.180638548874719, 3.8611943489942133, -2.1121553551109686, 0.43826514226197977}, 1e-12);
  expect_all_near(f2->b, {0.02008336556421124, 0.04016673112842247, 0.02008336556421124}, 1e-13);
  expect_all_near(f2->a, {1.0, -1.5610180758007182, 0.6413515380575631}, 1e-12);
}

TEST(ReferenceDspTest, ButterworthRejectsImpossibleSettings) {
  EXPECT_FALSE(butterworth_lowpass(4, 110.0, 200.0));  // above Nyquist
  EXPECT_FALSE(butterworth_lowpass(4, 0.0, 200.0));
  EXPECT_FALSE(butterworth_lowpass(0, 10.0, 200.0));
  EXPECT_FALSE(butterworth_lowpass(4, 10.0, std::nan("")));
}

TEST(ReferenceDspTest, FiltfiltMatchesScipyWithOddPaddingAndSteadyStateStart) {
  // GIVEN x[i] = sin(0.3 i) + 0.05 i + 0.5·[i mod 7 = 0], 40 samples, butter(2, 5, fs=100)
  std::vector<double> x;
  for (int i = 0; i < 40; ++i) x.push_back(std::sin(0.3 * i) + 0.05 * i + (i % 7 == 0 ? 0.5 : 0.0));
  const auto f = butterworth_lowpass(2, 5.0, 100.0);
  // WHEN filtered forward-backward (scipy.signal.filtfilt(b, a, x): padtype odd, padlen 9)
  const auto y = filtfilt(*f, x);
  ASSERT_TRUE(y);
  ASSERT_EQ(y->size(), x.size());
  // THEN the ends (where padding and initial state matter) and the middle agree with scipy
  EXPECT_NEAR((*y)[0], 0.52686210604232808, 1e-12);
  EXPECT_NEAR((*y)[1], 0.64179995283221525, 1e-12);
  EXPECT_NEAR((*y)[10], 0.61702372183213683, 1e-12);
  EXPECT_NEAR((*y)[20], 0.91694855420595212, 1e-12);
  EXPECT_NEAR((*y)[38], 1.1885123512344276, 1e-12);
  EXPECT_NEAR((*y)[39], 1.1770222771914274, 1e-12);
}

TEST(ReferenceDspTest, FiltfiltKeepsAConstantAndRefusesTooShortInput) {
  const auto f = butterworth_lowpass(4, 10.0, 200.0);
  const auto y = filtfilt(*f, std::vector<double>(100, 3.25));
  ASSERT_TRUE(y);
  for (double v : *y) EXPECT_NEAR(v, 3.25, 1e-9);
  EXPECT_FALSE(filtfilt(*f, std::vector<double>(15, 1.0)));  // padlen = 3 · 5 = 15 needs > 15 samples
}

TEST(ReferenceDspTest, GradientMatchesNumpyOnIrregularTimes) {
  // numpy.gradient(f, t): second-order central inside, one-sided at the ends
  const std::vector<double> t{0.0, 0.004, 0.0095, 0.0150, 0.0198, 0.0251};
  const std::vector<double> f{1.0, 2.0, 0.5, 0.7, 3.0, 2.5};
  expect_all_near(gradient(f, t), {250, 29.904306220095656, -118.1818181818182, 272.81185642836112, 206.60922224297883, -94.33962264150945},
                  1e-9);
}

TEST(ReferenceDspTest, FindPeaksMatchesScipy) {
  // A plateau (5, 5, 5) is one peak at its middle; with distance the higher peak wins.
  const std::vector<double> x{0, 1, 3, 2, 5, 5, 5, 1, 4, 4.5, 0, 2, 2, 7, 6, 1, 3, 0};
  EXPECT_EQ(find_peaks(x, -1e300, 1), (std::vector<std::size_t>{2, 5, 9, 13, 16}));
  EXPECT_EQ(find_peaks(x, 3.0, 1), (std::vector<std::size_t>{2, 5, 9, 13, 16}));
  EXPECT_EQ(find_peaks(x, 4.0, 1), (std::vector<std::size_t>{5, 9, 13}));
  EXPECT_EQ(find_peaks(x, 2.0, 4), (std::vector<std::size_t>{5, 9, 13}));
  EXPECT_TRUE(find_peaks(std::vector<double>{1.0, 1.0, 1.0}, 0.0, 1).empty());
}

TEST(ReferenceDspTest, MedianAsNumpy) {
  EXPECT_FALSE(median({}));
  EXPECT_DOUBLE_EQ(*median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(*median({4.0, 1.0, 3.0, 2.0}), 2.5);
}

}  // namespace
