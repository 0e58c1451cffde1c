#include "sim/apimachinery/labelselector.h"

#include "sim/apimachinery/apifailure.h"
#include "sim/apimachinery/fielderrors.h"
#include "sim/apimachinery/names.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <set>
#include <utility>

namespace gantry::sim {

namespace {

using Operator = LabelSelector::Operator;
using Requirement = LabelSelector::Requirement;

enum class Token {
    Error, End, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In, LessThan,
    NotEquals, NotIn, OpenPar
};

struct ScannedItem
{
    Token token = Token::Error;
    std::string literal;
};

std::optional<Token> literalToken(std::string_view text)
{
    static constexpr std::pair<std::string_view, Token> kLiterals[] = {
        {")", Token::ClosedPar},   {",", Token::Comma},   {"!", Token::DoesNotExist},  {"==", Token::DoubleEquals},
        {"=", Token::Equals},      {">", Token::GreaterThan}, {"in", Token::In},       {"<", Token::LessThan},
        {"!=", Token::NotEquals},  {"notin", Token::NotIn}, {"(", Token::OpenPar},
    };
    for (const auto &[literal, token] : kLiterals) {
        if (literal == text)
            return token;
    }
    return std::nullopt;
}

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isSpecialSymbol(char c)
{
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

// The lexer of k8s.io/apimachinery/pkg/labels, quirks included: like Go's, it reads
// a NUL byte as the end of the input.
class Lexer
{
public:
    explicit Lexer(std::string_view text)
        : m_text(text)
    {
    }

    ScannedItem lex()
    {
        char ch = read();
        while (isWhitespace(ch))
            ch = read();
        if (ch == 0)
            return {Token::End, {}};
        unread();
        return isSpecialSymbol(ch) ? scanSpecialSymbol() : scanIdentifierOrKeyword();
    }

private:
    char read() { return m_pos < m_text.size() ? m_text[m_pos++] : '\0'; }
    void unread() { --m_pos; }

    ScannedItem scanIdentifierOrKeyword()
    {
        std::string buffer;
        for (char ch = read(); ch != 0; ch = read()) {
            if (isSpecialSymbol(ch) || isWhitespace(ch)) {
                unread();
                break;
            }
            buffer += ch;
        }
        const auto token = literalToken(buffer);
        return {token.value_or(Token::Identifier), std::move(buffer)};
    }

    // The longest run of special symbols that still spells an operator.
    ScannedItem scanSpecialSymbol()
    {
        std::optional<ScannedItem> last;
        std::string buffer;
        for (char ch = read(); ch != 0; ch = read()) {
            if (!isSpecialSymbol(ch)) {
                unread();
                break;
            }
            buffer += ch;
            if (const auto token = literalToken(buffer)) {
                last = ScannedItem{*token, buffer};
            } else if (last) {
                unread();
                break;
            }
        }
        if (!last)
            return {Token::Error, "error expected: keyword found '" + buffer + "'"};
        return *last;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

std::optional<std::int64_t> parseInt64(std::string_view text)
{
    // strconv.ParseInt(s, 10, 64) also takes a leading '+'.
    if (text.size() > 1 && text.front() == '+' && text[1] != '-')
        text.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// A port of labels.Parser: the same grammar, the same error texts.
class Parser
{
public:
    explicit Parser(std::string_view text)
    {
        Lexer lexer(text);
        do {
            m_items.push_back(lexer.lex());
        } while (m_items.back().token != Token::End);
    }

    std::vector<Requirement> parse()
    {
        std::vector<Requirement> requirements;
        while (true) {
            const auto &[token, literal] = lookahead();
            if (token == Token::End)
                return requirements;
            if (token != Token::Identifier && token != Token::DoesNotExist)
                fail("found '" + literal + "', expected: !, identifier, or 'end of string'");
            try {
                requirements.push_back(parseRequirement());
            } catch (const ApiFailure &error) {
                fail("unable to parse requirement: " + error.message);
            }
            const auto &[next, nextLiteral] = consume(Context::Values);
            if (next == Token::End)
                return requirements;
            if (next != Token::Comma)
                fail("found '" + nextLiteral + "', expected: ',' or 'end of string'");
            const auto &[afterComma, afterCommaLiteral] = lookahead();
            if (afterComma != Token::Identifier && afterComma != Token::DoesNotExist)
                fail("found '" + afterCommaLiteral + "', expected: identifier after ','");
        }
    }

private:
    enum class Context { KeyAndOperator, Values };

    [[noreturn]] static void fail(std::string message) { throwFailure(std::move(message)); }

    // In a values context the keywords "in" and "notin" are plain identifiers.
    static ScannedItem inContext(const ScannedItem &item, Context context)
    {
        if (context == Context::Values && (item.token == Token::In || item.token == Token::NotIn))
            return {Token::Identifier, item.literal};
        return item;
    }

    ScannedItem lookahead(Context context = Context::Values) const
    {
        return inContext(m_items[std::min(m_position, m_items.size() - 1)], context);
    }

    ScannedItem consume(Context context)
    {
        ScannedItem item = lookahead(context);
        ++m_position;
        return item;
    }

    Requirement parseRequirement()
    {
        Requirement requirement;
        requirement.op = parseKeyAndInferOperator(requirement.key);
        if (requirement.op == Operator::Exists || requirement.op == Operator::DoesNotExist)
            return requirement;
        requirement.op = parseOperator();
        const std::set<std::string> values =
            requirement.op == Operator::In || requirement.op == Operator::NotIn ? parseValues() : parseExactValue();
        requirement.values.assign(values.begin(), values.end());
        validateValues(requirement);
        return requirement;
    }

    // Returns Exists or DoesNotExist when the key stands alone; otherwise an
    // operator follows, which parseOperator reads (In is a placeholder here).
    Operator parseKeyAndInferOperator(std::string &key)
    {
        bool negated = false;
        ScannedItem item = consume(Context::Values);
        if (item.token == Token::DoesNotExist) {
            negated = true;
            item = consume(Context::Values);
        }
        if (item.token != Token::Identifier)
            fail("found '" + item.literal + "', expected: identifier");
        if (const auto messages = qualifiedNameErrors(item.literal); !messages.empty())
            fail(fieldErrorText(fieldInvalid("<nil>", item.literal, joinMessages(messages))));
        key = std::move(item.literal);
        const Token next = lookahead().token;
        if (negated)
            return Operator::DoesNotExist;
        return next == Token::End || next == Token::Comma ? Operator::Exists : Operator::In;
    }

    Operator parseOperator()
    {
        const auto [token, literal] = consume(Context::KeyAndOperator);
        switch (token) {
        case Token::In: return Operator::In;
        case Token::Equals:
        case Token::DoubleEquals: return Operator::Equals;
        case Token::GreaterThan: return Operator::GreaterThan;
        case Token::LessThan: return Operator::LessThan;
        case Token::NotIn: return Operator::NotIn;
        case Token::NotEquals: return Operator::NotEquals;
        default: fail("found '" + literal + "', expected: in, notin, =, ==, !=, gt, lt");
        }
    }

    std::set<std::string> parseValues()
    {
        const auto [open, openLiteral] = consume(Context::Values);
        if (open != Token::OpenPar)
            fail("found '" + openLiteral + "' expected: '('");
        const auto [token, literal] = lookahead();
        if (token == Token::ClosedPar) {
            consume(Context::Values);
            return {""};
        }
        if (token != Token::Identifier && token != Token::Comma)
            fail("found '" + literal + "', expected: ',', ')' or identifier");
        std::set<std::string> values = parseIdentifiersList();
        if (consume(Context::Values).token != Token::ClosedPar)
            fail("found '" + literal + "', expected: ')'");
        return values;
    }

    // A possibly empty, comma-separated list of possibly empty identifiers.
    std::set<std::string> parseIdentifiersList()
    {
        std::set<std::string> values;
        while (true) {
            const auto [token, literal] = consume(Context::Values);
            if (token == Token::Identifier) {
                values.insert(literal);
                const auto [next, nextLiteral] = lookahead();
                if (next == Token::ClosedPar)
                    return values;
                if (next != Token::Comma)
                    fail("found '" + nextLiteral + "', expected: ',' or ')'");
            } else if (token == Token::Comma) {
                if (values.empty())
                    values.insert("");
                const Token next = lookahead().token;
                if (next == Token::ClosedPar) {
                    values.insert("");
                    return values;
                }
                if (next == Token::Comma)
                    values.insert("");
            } else {
                fail("found '" + literal + "', expected: ',', or identifier");
            }
        }
    }

    std::set<std::string> parseExactValue()
    {
        const Token next = lookahead().token;
        if (next == Token::End || next == Token::Comma)
            return {""};
        const auto [token, literal] = consume(Context::Values);
        if (token != Token::Identifier)
            fail("found '" + literal + "', expected: identifier");
        return {literal};
    }

    // labels.NewRequirement's checks on the values, reported as one aggregate.
    static void validateValues(const Requirement &requirement)
    {
        std::vector<std::string> errors;
        const bool numeric = requirement.op == Operator::GreaterThan || requirement.op == Operator::LessThan;
        for (std::size_t i = 0; numeric && i < requirement.values.size(); ++i) {
            if (!parseInt64(requirement.values[i])) {
                const std::string field = "values[" + std::to_string(i) + "]";
                const std::string detail = "for 'Gt', 'Lt' operators, the value must be an integer";
                errors.push_back(fieldErrorText(fieldInvalid(field, requirement.values[i], detail)));
            }
        }
        for (std::size_t i = 0; i < requirement.values.size(); ++i) {
            if (const auto messages = labelValueErrors(requirement.values[i]); !messages.empty()) {
                const std::string field = "values[" + std::to_string(i) + "][" + requirement.key + "]";
                errors.push_back(fieldErrorText(fieldInvalid(field, requirement.values[i], joinMessages(messages))));
            }
        }
        if (!errors.empty())
            fail(aggregateText(errors));
    }

    std::vector<ScannedItem> m_items;
    std::size_t m_position = 0;
};

bool hasValue(const Requirement &requirement, const std::string &value)
{
    return std::binary_search(requirement.values.begin(), requirement.values.end(), value);
}

bool compareNumbers(const Requirement &requirement, const std::string &value)
{
    const auto labelNumber = parseInt64(value);
    const auto bound = requirement.values.size() == 1 ? parseInt64(requirement.values.front()) : std::nullopt;
    if (!labelNumber || !bound)
        return false;
    return requirement.op == Operator::GreaterThan ? *labelNumber > *bound : *labelNumber < *bound;
}

bool requirementMatches(const Requirement &requirement, const std::string *value)
{
    switch (requirement.op) {
    case Operator::Equals:
    case Operator::In: return value && hasValue(requirement, *value);
    case Operator::NotEquals:
    case Operator::NotIn: return !value || !hasValue(requirement, *value);
    case Operator::Exists: return value != nullptr;
    case Operator::DoesNotExist: return value == nullptr;
    case Operator::GreaterThan:
    case Operator::LessThan: return value && compareNumbers(requirement, *value);
    }
    return false;
}

} // namespace

std::optional<LabelSelector> LabelSelector::parse(std::string_view text, std::string *error)
{
    return catchFailures(
        [&] {
            LabelSelector selector;
            selector.m_requirements = Parser(text).parse();
            std::stable_sort(selector.m_requirements.begin(), selector.m_requirements.end(),
                             [](const Requirement &a, const Requirement &b) { return a.key < b.key; });
            return selector;
        },
        error, "unable to parse label selector: ");
}

bool LabelSelector::matches(const nlohmann::json &labels) const
{
    for (const Requirement &requirement : m_requirements) {
        const std::string *value = nullptr;
        if (labels.is_object()) {
            const auto it = labels.find(requirement.key);
            if (it != labels.end() && it->is_string())
                value = &it->get_ref<const std::string &>();
        }
        if (!requirementMatches(requirement, value))
            return false;
    }
    return true;
}

} // namespace gantry::sim
