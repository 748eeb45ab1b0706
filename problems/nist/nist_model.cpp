#include "problems/nist/nist_model.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <numbers>
#include <stdexcept>

namespace optim::problems {
namespace {

struct ModelEntry {
  const char* dataset;
  int params;
  NistModelKind kind;
  const char* formula;  // the file's model text without blanks, [] read as ()
};

// Formulas as printed in the NIST StRD files.
const ModelEntry kModels[] = {
    {"Misra1a", 2, NistModelKind::Misra1a, "y=b1*(1-exp(-b2*x))"},
    {"Misra1b", 2, NistModelKind::Misra1b, "y=b1*(1-(1+b2*x/2)**(-2))"},
    {"Misra1c", 2, NistModelKind::Misra1c, "y=b1*(1-(1+2*b2*x)**(-.5))"},
    {"Misra1d", 2, NistModelKind::Misra1d, "y=b1*b2*x*((1+b2*x)**(-1))"},
    {"Chwirut1", 3, NistModelKind::Chwirut, "y=exp(-b1*x)/(b2+b3*x)"},
    {"Chwirut2", 3, NistModelKind::Chwirut, "y=exp(-b1*x)/(b2+b3*x)"},
    {"DanWood", 2, NistModelKind::DanWood, "y=b1*x**b2"},
    {"Lanczos1", 6, NistModelKind::Lanczos, "y=b1*exp(-b2*x)+b3*exp(-b4*x)+b5*exp(-b6*x)"},
    {"Lanczos2", 6, NistModelKind::Lanczos, "y=b1*exp(-b2*x)+b3*exp(-b4*x)+b5*exp(-b6*x)"},
    {"Lanczos3", 6, NistModelKind::Lanczos, "y=b1*exp(-b2*x)+b3*exp(-b4*x)+b5*exp(-b6*x)"},
    {"Gauss1", 8, NistModelKind::Gauss,
     "y=b1*exp(-b2*x)+b3*exp(-(x-b4)**2/b5**2)+b6*exp(-(x-b7)**2/b8**2)"},
    {"Gauss2", 8, NistModelKind::Gauss,
     "y=b1*exp(-b2*x)+b3*exp(-(x-b4)**2/b5**2)+b6*exp(-(x-b7)**2/b8**2)"},
    {"Gauss3", 8, NistModelKind::Gauss,
     "y=b1*exp(-b2*x)+b3*exp(-(x-b4)**2/b5**2)+b6*exp(-(x-b7)**2/b8**2)"},
    {"Kirby2", 5, NistModelKind::Kirby2, "y=(b1+b2*x+b3*x**2)/(1+b4*x+b5*x**2)"},
    {"Hahn1", 7, NistModelKind::Hahn1, "y=(b1+b2*x+b3*x**2+b4*x**3)/(1+b5*x+b6*x**2+b7*x**3)"},
    {"Nelson", 3, NistModelKind::Nelson, "log(y)=b1-b2*x1*exp(-b3*x2)"},
    {"MGH17", 5, NistModelKind::MGH17, "y=b1+b2*exp(-x*b4)+b3*exp(-x*b5)"},
    {"ENSO", 9, NistModelKind::ENSO,
     "y=b1+b2*cos(2*pi*x/12)+b3*sin(2*pi*x/12)+b5*cos(2*pi*x/b4)+b6*sin(2*pi*x/b4)+b8*cos(2*pi*"
     "x/b7)+b9*sin(2*pi*x/b7)"},
    {"Roszman1", 4, NistModelKind::Roszman1, "y=b1-b2*x-arctan(b3/(x-b4))/pi"},
};

std::string normalise(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out += c == '[' ? '(' : c == ']' ? ')' : c;
  }
  return out;
}

// f(x; b) and its gradient in b (into g when non-null) for one observation.
template <class S>
S model(NistModelKind k, const S* x, const Vec<S>& b, Vec<S>* g) {
  using std::exp, std::pow, std::log, std::cos, std::sin, std::atan;
  const S pi = std::numbers::pi_v<S>;
  const S t = x[0];
  switch (k) {
    case NistModelKind::Misra1a: {  // b1 (1 - e^{-b2 x})
      const S e = exp(-b[1] * t);
      if (g) (*g) << S(1) - e, b[0] * t * e;
      return b[0] * (S(1) - e);
    }
    case NistModelKind::Misra1b: {  // b1 (1 - (1 + b2 x / 2)^-2)
      const S u = S(1) + b[1] * t / S(2);
      if (g) (*g) << S(1) - S(1) / (u * u), b[0] * t / (u * u * u);
      return b[0] * (S(1) - S(1) / (u * u));
    }
    case NistModelKind::Misra1c: {  // b1 (1 - (1 + 2 b2 x)^-1/2)
      const S u = S(1) + S(2) * b[1] * t;
      const S s = std::sqrt(u);
      if (g) (*g) << S(1) - S(1) / s, b[0] * t / (u * s);
      return b[0] * (S(1) - S(1) / s);
    }
    case NistModelKind::Misra1d: {  // b1 b2 x / (1 + b2 x)
      const S u = S(1) + b[1] * t;
      if (g) (*g) << b[1] * t / u, b[0] * t / (u * u);
      return b[0] * b[1] * t / u;
    }
    case NistModelKind::Chwirut: {  // e^{-b1 x} / (b2 + b3 x)
      const S den = b[1] + b[2] * t;
      const S f = exp(-b[0] * t) / den;
      if (g) (*g) << -t * f, -f / den, -t * f / den;
      return f;
    }
    case NistModelKind::DanWood: {  // b1 x^b2
      const S p = pow(t, b[1]);
      if (g) (*g) << p, b[0] * p * log(t);
      return b[0] * p;
    }
    case NistModelKind::Lanczos: {  // sum_k b_{2k-1} e^{-b_{2k} x}
      S f = 0;
      for (int j = 0; j < 6; j += 2) {
        const S e = exp(-b[j + 1] * t);
        f += b[j] * e;
        if (g) {
          (*g)[j] = e;
          (*g)[j + 1] = -b[j] * t * e;
        }
      }
      return f;
    }
    case NistModelKind::Gauss: {  // b1 e^{-b2 x} + two Gaussian peaks (b3,b4,b5), (b6,b7,b8)
      const S e = exp(-b[1] * t);
      S f = b[0] * e;
      if (g) (*g).head(2) << e, -b[0] * t * e;
      for (int j = 2; j < 8; j += 3) {
        const S dx = t - b[j + 1], w = b[j + 2];
        const S q = exp(-dx * dx / (w * w));
        f += b[j] * q;
        if (g) {
          (*g)[j] = q;
          (*g)[j + 1] = b[j] * q * S(2) * dx / (w * w);
          (*g)[j + 2] = b[j] * q * S(2) * dx * dx / (w * w * w);
        }
      }
      return f;
    }
    case NistModelKind::Kirby2: {  // (b1 + b2 x + b3 x^2) / (1 + b4 x + b5 x^2)
      const S num = b[0] + b[1] * t + b[2] * t * t;
      const S den = S(1) + b[3] * t + b[4] * t * t;
      const S f = num / den;
      if (g) (*g) << S(1) / den, t / den, t * t / den, -f * t / den, -f * t * t / den;
      return f;
    }
    case NistModelKind::Hahn1: {  // cubic / cubic
      const S t2 = t * t, t3 = t2 * t;
      const S num = b[0] + b[1] * t + b[2] * t2 + b[3] * t3;
      const S den = S(1) + b[4] * t + b[5] * t2 + b[6] * t3;
      const S f = num / den;
      if (g) {
        (*g) << S(1) / den, t / den, t2 / den, t3 / den, -f * t / den, -f * t2 / den, -f * t3 / den;
      }
      return f;
    }
    case NistModelKind::Nelson: {  // log y = b1 - b2 x1 e^{-b3 x2}
      const S e = exp(-b[2] * x[1]);
      if (g) (*g) << S(1), -t * e, b[1] * t * x[1] * e;
      return b[0] - b[1] * t * e;
    }
    case NistModelKind::MGH17: {  // b1 + b2 e^{-x b4} + b3 e^{-x b5}
      const S e4 = exp(-t * b[3]), e5 = exp(-t * b[4]);
      if (g) (*g) << S(1), e4, e5, -b[1] * t * e4, -b[2] * t * e5;
      return b[0] + b[1] * e4 + b[2] * e5;
    }
    case NistModelKind::ENSO: {  // annual cycle + two cycles of periods b4 and b7
      const S a = S(2) * pi * t / S(12);
      S f = b[0] + b[1] * cos(a) + b[2] * sin(a);
      if (g) (*g).head(3) << S(1), cos(a), sin(a);
      for (int j = 3; j < 9; j += 3) {
        const S w = S(2) * pi * t / b[j];  // d w / d b_j = -w / b_j
        const S c = cos(w), s = sin(w);
        f += b[j + 1] * c + b[j + 2] * s;
        if (g) {
          (*g)[j] = (-b[j + 1] * s + b[j + 2] * c) * (-w / b[j]);
          (*g)[j + 1] = c;
          (*g)[j + 2] = s;
        }
      }
      return f;
    }
    case NistModelKind::Roszman1: {  // b1 - b2 x - arctan(b3 / (x - b4)) / pi
      const S d = t - b[3];
      const S u = b[2] / d;
      const S du = S(1) / (S(1) + u * u) / pi;  // d/du arctan(u)/pi
      if (g) (*g) << S(1), -t, -du / d, -du * b[2] / (d * d);
      return b[0] - b[1] * t - atan(u) / pi;
    }
  }
  return std::numeric_limits<S>::quiet_NaN();
}

}  // namespace

NistModelKind nist_model_for(const NistDataset& d) {
  for (const auto& m : kModels) {
    if (d.name != m.dataset) continue;
    if (normalise(d.model).find(m.formula) == std::string::npos) {
      throw std::invalid_argument("NIST dataset " + d.name + " (" + d.source + "): model text '" +
                                  d.model + "' does not match the built-in model " + m.formula);
    }
    if (d.num_params() != m.params) {
      throw std::invalid_argument("NIST dataset " + d.name + " (" + d.source + ") has " +
                                  std::to_string(d.num_params()) + " parameters, its model " +
                                  std::to_string(m.params));
    }
    return m.kind;
  }
  throw std::invalid_argument("no built-in model for NIST dataset '" + d.name + "'");
}

template <class S>
NistObjective<S>::NistObjective(const NistDataset& d)
    : kind_(nist_model_for(d)), p_(d.num_params()), x_(d.x.cast<S>()), y_(d.y.cast<S>()), row_(p_) {
  if (kind_ == NistModelKind::Nelson) {
    for (Index i = 0; i < y_.size(); ++i) y_[i] = std::log(y_[i]);  // the model is for log y
  }
  const Index want_x = kind_ == NistModelKind::Nelson ? 2 : 1;
  if (x_.cols() != want_x) {
    throw std::invalid_argument("NIST dataset " + d.name + " has " + std::to_string(x_.cols()) +
                                " predictors, its model needs " + std::to_string(want_x));
  }
}

template <class S>
void NistObjective<S>::residuals(const Vec<S>& b, Vec<S>* res, Mat<S>* jac) {
  S xi[2] = {0, 0};
  for (Index i = 0; i < y_.size(); ++i) {
    for (Index c = 0; c < x_.cols(); ++c) xi[c] = x_(i, c);
    if (jac != nullptr) {
      (*res)[i] = model<S>(kind_, xi, b, &row_) - y_[i];
      jac->row(i) = row_.transpose();
    } else {
      (*res)[i] = model<S>(kind_, xi, b, nullptr) - y_[i];
    }
  }
}

template class NistObjective<float>;
template class NistObjective<double>;

double lre(double estimate, double certified, double max_digits) {
  if (std::isnan(estimate)) return 0;
  const double err =
      certified != 0 ? std::abs(estimate - certified) / std::abs(certified) : std::abs(estimate);
  if (err == 0) return max_digits;
  return std::clamp(-std::log10(err), 0.0, max_digits);
}

std::string nist_data_dir() {
  if (const char* env = std::getenv("OPTIM_NIST_DIR"); env != nullptr && *env != '\0') return env;
#ifdef OPTIM_NIST_DATA_DIR
  return OPTIM_NIST_DATA_DIR;
#else
  return "problems/data/nist";
#endif
}

const std::vector<std::string>& nist_dataset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& m : kModels) out.push_back(m.dataset);
    return out;
  }();
  return names;
}

Index nist_dataset_dim(const std::string& name) {
  for (const auto& m : kModels) {
    if (name == m.dataset) return m.params;
  }
  throw std::invalid_argument("no built-in model for NIST dataset '" + name + "'");
}

const NistDataset& nist_dataset(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, NistDataset> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  NistDataset d = read_nist_file(nist_data_dir() + "/" + name + ".dat");
  if (d.name != name) {
    throw std::invalid_argument("NIST file " + d.source + " holds dataset '" + d.name +
                                "', expected '" + name + "'");
  }
  return cache.emplace(name, std::move(d)).first->second;
}

}  // namespace optim::problems
