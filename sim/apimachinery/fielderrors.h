#pragma once

#include "sim/apimachinery/validation.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace gantry::sim {

// Builders for FieldError in the shapes of k8s.io/apimachinery/pkg/util/validation/field,
// so every message body reads "<Type>[: <bad value>][: <detail>]" as the server's does.

/// Go's rendering of a bad value: strings quoted, numbers and booleans bare, null
/// as "null"; objects and arrays as compact JSON (Go would print a struct dump).
std::string badValueText(const nlohmann::json &value);

FieldError fieldInvalid(std::string field, const nlohmann::json &value, std::string_view detail);
/// As fieldInvalid, for a bad value already rendered the way Go renders it.
FieldError fieldInvalidRendered(std::string field, std::string_view renderedValue, std::string_view detail);
FieldError fieldRequired(std::string field, std::string_view detail = {});
FieldError fieldForbidden(std::string field, std::string_view detail);
FieldError fieldTooLong(std::string field, std::size_t maxBytes);
FieldError fieldDuplicate(std::string field, const nlohmann::json &value);
FieldError fieldNotSupported(std::string field, const nlohmann::json &value,
                             std::initializer_list<std::string_view> supported);

/// The error for an object nesting deeper than kMaxJsonDepth, which validation
/// refuses to walk.
FieldError fieldNestedTooDeep();

/// "field: message", as field.Error.Error() prints one error.
std::string fieldErrorText(const FieldError &error);

/// field.ErrorList.ToAggregate().Error(): duplicates dropped, one error bare,
/// several as "[a, b]"; empty when there are none.
std::string aggregateText(const std::vector<std::string> &errors);

} // namespace gantry::sim
