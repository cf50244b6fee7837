import XCTest
@testable import Site

/// The TeX subset the chapters write, as MathML Core; anything else refused with the line where it went wrong.
final class TeXMathTests: XCTestCase {
    private func inline(_ tex: String) throws -> String {
        let math = try TeXMath.mathML(tex, display: false)
        XCTAssertTrue(math.hasPrefix("<math>") && math.hasSuffix("</math>"), math)
        return String(math.dropFirst("<math>".count).dropLast("</math>".count))
    }

    private func refusal(_ tex: String, file: StaticString = #filePath, line: UInt = #line) -> MathError? {
        do {
            let math = try TeXMath.mathML(tex, display: true)
            XCTFail("'\(tex)' was typeset as \(math)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testLettersNumbersAndOperatorsAreIdentifiersNumbersAndOperators() throws {
        XCTAssertEqual(
            try inline("ab + 3.14 - x_1"),
            "<mi>a</mi><mi>b</mi><mo>+</mo><mn>3.14</mn><mo>−</mo><msub><mi>x</mi><mn>1</mn></msub>")
        XCTAssertEqual(try inline("a < b > c"), "<mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&gt;</mo><mi>c</mi>")
        XCTAssertEqual(try inline("(x)"), #"<mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#)
        XCTAssertEqual(
            try inline("|g| / 2"),
            #"<mo stretchy="false" lspace="0" rspace="0">|</mo><mi>g</mi>"#
                + #"<mo stretchy="false" lspace="0" rspace="0">|</mo><mo stretchy="false" lspace="0" rspace="0">/</mo><mn>2</mn>"#
        )
    }

    func testASignAfterARelationOrOpeningBracketIsUnaryAndAfterAClosingOneBinary() throws {
        XCTAssertEqual(try inline("a = -b"), #"<mi>a</mi><mo>=</mo><mo form="prefix">−</mo><mi>b</mi>"#)
        XCTAssertEqual(
            try inline("(-b)"),
            #"<mo stretchy="false">(</mo><mo form="prefix">−</mo><mi>b</mi><mo stretchy="false">)</mo>"#)
        XCTAssertEqual(
            try inline("(a) - b"),
            #"<mo stretchy="false">(</mo><mi>a</mi><mo stretchy="false">)</mo><mo>−</mo><mi>b</mi>"#)
        XCTAssertEqual(try inline("-b"), "<mo>−</mo><mi>b</mi>", "first in its row: prefix already")
    }

    func testScriptsTakeOneCharacterOrAGroup() throws {
        XCTAssertEqual(try inline("h_{t-1}"), "<msub><mi>h</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub>")
        XCTAssertEqual(try inline("x^10"), "<msup><mi>x</mi><mn>1</mn></msup><mn>0</mn>")
        XCTAssertEqual(try inline("W_x^T"), "<msubsup><mi>W</mi><mi>x</mi><mi>T</mi></msubsup>")
        XCTAssertEqual(try inline("\\beta_1^t"), "<msubsup><mi>β</mi><mn>1</mn><mi>t</mi></msubsup>")
        XCTAssertEqual(try inline("f'"), #"<mrow><mi>f</mi><mo lspace="0" rspace="0">′</mo></mrow>"#)
        XCTAssertEqual(
            try inline("f'_1"), #"<mrow><msub><mi>f</mi><mn>1</mn></msub><mo lspace="0" rspace="0">′</mo></mrow>"#)
        XCTAssertEqual(
            try inline("f'^2"), #"<msup><mi>f</mi><mrow><mo lspace="0" rspace="0">′</mo><mn>2</mn></mrow></msup>"#)
    }

    func testFractionsRootsAccentsAndFonts() throws {
        XCTAssertEqual(
            try inline("\\frac{1}{1 + e^{-x}}"),
            "<mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup></mrow></mfrac>"
        )
        XCTAssertEqual(
            try inline("\\sqrt{\\hat{v}}"),
            #"<msqrt><mover accent="true"><mi>v</mi><mo stretchy="false">^</mo></mover></msqrt>"#)
        XCTAssertEqual(try inline("\\mathbf{W}_h"), "<msub><mi>𝐖</mi><mi>h</mi></msub>")
        XCTAssertEqual(try inline("\\mathrm{d}x"), #"<mi mathvariant="normal">d</mi><mi>x</mi>"#)
        XCTAssertEqual(try inline("\\text{if } k = y"), "<mtext>if\u{A0}</mtext><mi>k</mi><mo>=</mo><mi>y</mi>")
        XCTAssertEqual(
            try inline("\\Delta w \\odot \\partial"),
            #"<mi mathvariant="normal">Δ</mi><mi>w</mi><mo>⊙</mo><mi mathvariant="normal">∂</mi>"#)
    }

    func testFunctionNamesGetAThinSpaceUnlessABracketFollows() throws {
        XCTAssertEqual(try inline("\\tanh c"), #"<mi>tanh</mi><mspace width="0.1667em"></mspace><mi>c</mi>"#)
        XCTAssertEqual(
            try inline("\\tanh(c)"),
            #"<mi>tanh</mi><mo stretchy="false">(</mo><mi>c</mi><mo stretchy="false">)</mo>"#)
        XCTAssertEqual(
            try inline("\\operatorname{sign} g"), #"<mi>sign</mi><mspace width="0.1667em"></mspace><mi>g</mi>"#)
    }

    func testSumsTakeLimitsAboveAndBelowAndMaxOnlyInDisplay() throws {
        XCTAssertEqual(
            try inline("\\sum_{k=1}^{K} p_k"),
            "<munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>K</mi></munderover><msub><mi>p</mi><mi>k</mi></msub>"
        )
        XCTAssertEqual(
            try inline("\\max_k z_k"),
            #"<msub><mi>max</mi><mi>k</mi></msub><mspace width="0.1667em"></mspace><msub><mi>z</mi><mi>k</mi></msub>"#)
        XCTAssertEqual(
            try TeXMath.mathML("\\max_k", display: true),
            #"<math display="block"><munder><mi>max</mi><mi>k</mi></munder></math>"#)
    }

    func testLeftAndRightGrowAroundTheirContent() throws {
        XCTAssertEqual(
            try inline("\\left( \\frac{a}{b} \\right)"),
            #"<mrow><mo fence="true" form="prefix" stretchy="true">(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo fence="true" form="postfix" stretchy="true">)</mo></mrow>"#
        )
        XCTAssertEqual(
            try inline("\\left. x \\right|"),
            #"<mrow><mi>x</mi><mo fence="true" form="postfix" stretchy="true">|</mo></mrow>"#)
    }

    func testAlignedDerivationsAreTablesWithTheRelationOpeningTheSecondColumn() throws {
        let math = try TeXMath.mathML("\\begin{aligned} a &= b \\\\\n  &= c \\end{aligned}", display: true)
        XCTAssertEqual(
            math,
            #"<math display="block"><mtable class="aligned" displaystyle="true">"#
                + "<mtr><mtd><mi>a</mi></mtd><mtd><mrow></mrow><mo>=</mo><mi>b</mi></mtd></mtr>"
                + "<mtr><mtd></mtd><mtd><mrow></mrow><mo>=</mo><mi>c</mi></mtd></mtr></mtable></math>")
        // A trailing line break does not make an empty row.
        let trailing = try TeXMath.mathML("\\begin{aligned} a &= b \\\\ \\end{aligned}", display: true)
        XCTAssertEqual(trailing.components(separatedBy: "<mtr>").count - 1, 1, trailing)
    }

    func testCasesHaveABraceOnTheLeft() throws {
        let math = try inline("y = \\begin{cases} 1 & \\text{if } x > 0 \\\\ 0 & \\text{else} \\end{cases}")
        XCTAssertTrue(
            math.hasPrefix(
                #"<mi>y</mi><mo>=</mo><mrow><mo fence="true" form="prefix" stretchy="true">{</mo><mtable class="cases""#
            ), math)
        XCTAssertTrue(math.contains("<mtr><mtd><mn>0</mn></mtd><mtd><mtext>else</mtext></mtd></mtr>"), math)
    }

    func testEverythingOutsideTheSubsetIsRefusedWithItsLine() {
        XCTAssertEqual(
            refusal("a + b\n= \\int x"), MathError(message: "\\int is not in the book's TeX subset", line: 1))
        XCTAssertEqual(refusal("x * y")?.message, "'*' is not in the book's TeX subset")
        XCTAssertEqual(refusal("σ(x)")?.message, "'σ' is not in the book's TeX subset")
        XCTAssertEqual(refusal("\\frac{a}{b")?.message, "a '{' that is never closed")
        XCTAssertEqual(refusal("a}")?.message, "'}' closes a group that was never opened")
        XCTAssertEqual(refusal("x^")?.message, "'^' at the end of the formula: what goes there?")
        XCTAssertEqual(refusal("x^a^b")?.message, "two superscripts on one base: group them with {…}")
        XCTAssertEqual(
            refusal("a \\\\ b")?.message, "'\\\\' (a new line) only works inside \\begin{aligned} or \\begin{cases}")
        XCTAssertEqual(refusal("\\left( x")?.message, "\\left( without its \\right")
        XCTAssertEqual(
            refusal("\\begin{matrix} a \\end{matrix}")?.message,
            "\\begin{matrix} is not in the book's TeX subset (aligned and cases are)")
        XCTAssertEqual(
            refusal("\\begin{cases} a \\\\\n b \\end{aligned}"),
            MathError(message: "\\begin{cases} ends with \\end{aligned}", line: 1))
        XCTAssertEqual(refusal("\\mathbf{β}")?.message, "\\mathbf{…} takes Latin letters and digits, not 'β'")
        XCTAssertEqual(refusal("\\sqrt[3]{x}")?.message, "\\sqrt[n]{…} (an n-th root) is not in the book's TeX subset")
    }

    func testTheSameFormulaGivesTheSameBytes() throws {
        let tex = "c_t = f_t \\odot c_{t-1} + i_t \\odot g_t"
        XCTAssertEqual(try TeXMath.mathML(tex, display: true), try TeXMath.mathML(tex, display: true))
    }

    /// Nesting is bounded: thousands of nested groups are a refusal with a reason, not a stack overflow.
    func testDeepNestingIsRefusedNotACrash() throws {
        let constructs: [(open: String, close: String)] = [
            ("{", "}"), ("\\frac{", "}{1}"), ("\\sqrt{", "}"), ("x_{", "}"), ("x^{", "}"), ("\\left(", "\\right)"),
            ("\\begin{aligned}", "\\end{aligned}"), ("\\hat{", "}")
        ]
        for (open, close) in constructs {
            let deep = String(repeating: open, count: 5000) + "y" + String(repeating: close, count: 5000)
            let message = refusal(deep).map { "\($0)" } ?? ""
            XCTAssert(message.contains("more than \(TeXParser.maximumDepth) deep"), "\(open): \(message.prefix(200))")
            let shallow = String(repeating: open, count: 20) + "y" + String(repeating: close, count: 20)
            XCTAssertNoThrow(try TeXMath.mathML(shallow, display: true), open)
        }
    }

    /// A display formula that is one aligned is a table of formulas whose left-hand sides are
    /// right-aligned against the relation (browsers ignore column alignment inside mtable).
    func testADisplayedAlignedIsATableOfFormulas() throws {
        let html = try TeXMath.displayHTML("\\begin{aligned} ab &= b \\\\ c &= d & e &= f \\end{aligned}")
        XCTAssertEqual(
            html,
            #"<table class="math-aligned" role="presentation">"#
                + #"<tr><td class="lhs"><math displaystyle="true"><mi>a</mi><mi>b</mi></math></td>"#
                + #"<td class="rhs"><math displaystyle="true"><mrow></mrow><mo>=</mo><mi>b</mi></math></td></tr>"#
                + #"<tr><td class="lhs"><math displaystyle="true"><mi>c</mi></math></td>"#
                + #"<td class="rhs"><math displaystyle="true"><mrow></mrow><mo>=</mo><mi>d</mi></math></td>"#
                + #"<td class="lhs"><math displaystyle="true"><mi>e</mi></math></td>"#
                + #"<td class="rhs"><math displaystyle="true"><mrow></mrow><mo>=</mo><mi>f</mi></math></td></tr></table>"#
        )
        XCTAssertEqual(try TeXMath.displayHTML("x = 1"), try TeXMath.mathML("x = 1", display: true))
        // An aligned inside a larger formula stays MathML.
        XCTAssert(
            try TeXMath.displayHTML("y = \\begin{aligned} a &= b \\end{aligned}").hasPrefix("<math display=\"block\">"))
    }
}
