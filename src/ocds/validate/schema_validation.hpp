#pragma once

#include <ocds/core/value.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ocds {

/// One way a document does not follow its JSON Schema.
struct SchemaIssue {
    std::string pointer; ///< RFC 6901 JSON Pointer of the value at fault (the object, for a missing member)
    std::string message; ///< valijson's description
};

/// A compiled JSON Schema (draft 04, as OCDS uses) that validates Values, offline: a `$ref` to an
/// OCDS schema's canonical URL (https://standard.open-contracting.org/schema/1__1__5/...) is
/// read from the bundled copy instead.
class SchemaValidator {
public:
    /// @throws data_error when a `$ref` points at a schema that is not bundled
    SchemaValidator(const Value& schema, const std::string& schemas_dir);
    ~SchemaValidator();
    SchemaValidator(const SchemaValidator&) = delete;
    SchemaValidator& operator=(const SchemaValidator&) = delete;

    /// Every issue of `document` (none: it is valid).
    std::vector<SchemaIssue> validate(const Value& document) const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

/// The bundled copy of a schema by its canonical URL ("" when there is none): for example
/// https://standard.open-contracting.org/schema/1__1__5/release-schema.json → DIR/1.1.5/release-schema.json.
std::string bundled_schema_path(const std::string& url, const std::string& schemas_dir);

} // namespace ocds
