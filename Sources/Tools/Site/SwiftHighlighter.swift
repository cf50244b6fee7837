import Format
import SwiftParser
import SwiftSyntax

/// Swift source as HTML with `<span class="hl-…">` around each kind of token.
///
/// The code is parsed by swift-syntax, the parser of the compiler itself, so
/// a contextual keyword is a keyword only where Swift reads it as one
/// (`get` in an accessor, not in `dictionary.get`), and comments and strings
/// are found exactly, interpolations and raw strings included. This happens
/// once, when the site is built; the pages need no script.
///
/// Classes: `hl-keyword`, `hl-type`, `hl-function`, `hl-string`, `hl-number`,
/// `hl-comment`, `hl-operator`, `hl-attribute`. Other tokens are plain text.
enum SwiftHighlighter {
    static func html(for source: String) -> String {
        let tree = Parser.parse(source: source)
        var out = ""
        for token in tree.tokens(viewMode: .sourceAccurate) {
            appendTrivia(token.leadingTrivia, to: &out)
            append(token.text, class: tokenClass(token), to: &out)
            appendTrivia(token.trailingTrivia, to: &out)
        }
        return out
    }

    private static func append(_ text: String, class name: String?, to out: inout String) {
        guard !text.isEmpty else { return }
        if let name {
            out += "<span class=\"\(name)\">\(escapeHTML(text))</span>"
        } else {
            out += escapeHTML(text)
        }
    }

    /// Whitespace as it was; comments wrapped, one span per comment.
    private static func appendTrivia(_ trivia: Trivia, to out: inout String) {
        for piece in trivia {
            var text = ""
            piece.write(to: &text)
            switch piece {
            case .lineComment, .blockComment, .docLineComment, .docBlockComment:
                append(text, class: "hl-comment", to: &out)
            default:
                append(text, class: nil, to: &out)
            }
        }
    }

    private static func tokenClass(_ token: TokenSyntax) -> String? {
        switch token.tokenKind {
        case .keyword:
            // `self`, `true`, `nil` … read as keywords; `Self` and `Any` name types.
            if token.parent?.is(IdentifierTypeSyntax.self) == true { return "hl-type" }
            return "hl-keyword"
        case .poundIf, .poundElse, .poundElseif, .poundEndif, .poundAvailable, .poundUnavailable,
            .poundSourceLocation, .pound:
            return "hl-keyword"
        case .identifier(let name):
            return identifierClass(token, name: name)
        case .integerLiteral, .floatLiteral:
            return "hl-number"
        case .stringQuote, .multilineStringQuote, .singleQuote, .stringSegment, .rawStringPoundDelimiter,
            .regexSlash, .regexPoundDelimiter, .regexLiteralPattern:
            return "hl-string"
        case .binaryOperator, .prefixOperator, .postfixOperator, .arrow, .equal, .prefixAmpersand:
            return "hl-operator"
        case .atSign:
            return "hl-attribute"
        default:
            return nil
        }
    }

    private static func identifierClass(_ token: TokenSyntax, name: String) -> String? {
        guard let parent = token.parent else { return nil }
        if parent.is(AttributeSyntax.self) || parent.parent?.is(AttributeSyntax.self) == true {
            return "hl-attribute"
        }
        if parent.is(IdentifierTypeSyntax.self) || parent.is(MemberTypeSyntax.self) { return "hl-type" }
        if let declaration = parent.as(FunctionDeclSyntax.self), declaration.name.id == token.id {
            return "hl-function"
        }
        // Type declarations name a type; so does a capitalised name used as a value (`Format.fixed`).
        if parent.is(StructDeclSyntax.self) || parent.is(ClassDeclSyntax.self) || parent.is(EnumDeclSyntax.self)
            || parent.is(ProtocolDeclSyntax.self) || parent.is(ActorDeclSyntax.self)
            || parent.is(TypeAliasDeclSyntax.self) || parent.is(ExtensionDeclSyntax.self)
        {
            return "hl-type"
        }
        if parent.is(DeclReferenceExprSyntax.self) {
            if let call = parent.parent?.as(FunctionCallExprSyntax.self),
                call.calledExpression.id == parent.id
            {
                return name.first?.isUppercase == true ? "hl-type" : "hl-function"
            }
            if let member = parent.parent?.as(MemberAccessExprSyntax.self), member.declName.id == parent.id,
                let call = member.parent?.as(FunctionCallExprSyntax.self), call.calledExpression.id == member.id
            {
                return "hl-function"
            }
            if name.first?.isUppercase == true { return "hl-type" }
        }
        return nil
    }
}
