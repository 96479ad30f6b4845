#include "store/store_errc.h"

namespace ferry::core::store {

namespace {

constexpr std::array<core::ErrorRow<StoreErrc>, 8> kRows{{
    {StoreErrc::Failed, "failed", "the database failed"},
    {StoreErrc::Constraint, "constraint", "the change conflicts with what is stored"},
    {StoreErrc::NotADatabase, "not_a_database", "the file is not a database or the key is wrong"},
    {StoreErrc::Exists, "exists", "the profile exists already"},
    {StoreErrc::Key, "key", "the database key could not be read or kept"},
    {StoreErrc::NotFound, "not_found", "not in the database"},
    {StoreErrc::TooNew, "too_new", "the database was written by a newer version of Ferry"},
    {StoreErrc::WrongKey, "wrong_key", "wrong database key"},
}};

} // namespace

FERRY_ERROR_CATEGORY(storeErrorCategory, "store", kRows, StoreErrc::WrongKey)

} // namespace ferry::core::store
