#include "backend/kube/base64.h"

#include <gtest/gtest.h>

using gantry::kube::decodeBase64;

TEST(KubeconfigBase64, DecodesPaddedInputAndSkipsLineBreaks)
{
    EXPECT_EQ(decodeBase64(""), std::string());
    EXPECT_EQ(decodeBase64("Zg=="), "f");
    EXPECT_EQ(decodeBase64("Zm8="), "fo");
    EXPECT_EQ(decodeBase64("Zm9v"), "foo");
    EXPECT_EQ(decodeBase64("LS0tLS1CRUdJTiBDRVJU\nSUZJQ0FURS0tLS0t\r\n"), "-----BEGIN CERTIFICATE-----");
    // Go's StdEncoding does not insist on zero trailing bits, so neither do we.
    EXPECT_EQ(decodeBase64("Zh=="), "f");
}

TEST(KubeconfigBase64, RejectsWhatGoRejectsAndSaysWhere)
{
    std::size_t offset = 99;
    EXPECT_FALSE(decodeBase64("${cluster_ca}", &offset));
    EXPECT_EQ(offset, 0u);
    EXPECT_FALSE(decodeBase64("Zm9vYg", &offset)); // missing padding
    EXPECT_EQ(offset, 6u);
    EXPECT_FALSE(decodeBase64("Zm9v YmFy", &offset)); // spaces are not skipped
    EXPECT_EQ(offset, 4u);
    EXPECT_FALSE(decodeBase64("Zg==Zg==", &offset)); // data after padding
    EXPECT_EQ(offset, 4u);
    EXPECT_FALSE(decodeBase64("Z===", &offset));
    EXPECT_EQ(offset, 1u);
    EXPECT_FALSE(decodeBase64("Zm9v-_", &offset)); // the URL alphabet is not the standard one
    EXPECT_EQ(offset, 4u);
    EXPECT_FALSE(decodeBase64("Zg=", &offset));
}
