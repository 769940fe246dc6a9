using System.Text.Json;
using System.Text.Json.Nodes;
using Heed.Registry.State;

namespace Heed.Registry.Tests.State;

/// <summary>Ledger bodies are canonical JSON, RFC 8785 style: the same fields give the same bytes, whatever their order.</summary>
public sealed class CanonicalJsonTests
{
    [Fact]
    public void Write_Rfc8785StringExample_EscapedExactlyAsTheRfc()
    {
        // RFC 8785 §3.2.2.2: "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/" serializes as "€$\u000f\nA'B\"\\\\\"/".
        string value = "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"/";

        string body = CanonicalJson.Write(("string", value));

        body.ShouldBe("{\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    [Fact]
    public void Write_NonAsciiAndHtmlCharacters_WrittenAsThemselves()
    {
        string body = CanonicalJson.Write(("evidence", "Sec-GPC: 1 <é> 😀 \u2028"), ("b", "\t\b\f\r\u001f"));

        body.ShouldBe("{\"b\":\"\\t\\b\\f\\r\\u001f\",\"evidence\":\"Sec-GPC: 1 <é> 😀 \u2028\"}");
        JsonDocument.Parse(body).RootElement.GetProperty("evidence").GetString().ShouldBe("Sec-GPC: 1 <é> 😀 \u2028");
    }

    [Fact]
    public void Write_KeysInAnyOrder_SortedByCodeUnitsAndNullsLeftOut()
    {
        string a = CanonicalJson.Write(("zeta", "1"), ("alpha", null), ("Beta", "2"), ("beta", "3"));
        string b = CanonicalJson.Write(("beta", "3"), ("Beta", "2"), ("zeta", "1"));

        a.ShouldBe("{\"Beta\":\"2\",\"beta\":\"3\",\"zeta\":\"1\"}");
        b.ShouldBe(a);
    }

    [Fact]
    public void Write_NodesOfAnOverride_IntegersBooleansAndArraysCanonical()
    {
        string body = CanonicalJson.Write(
            ("ttlSeconds", JsonValue.Create(1800L)),
            ("purposes", new JsonArray(JsonValue.Create("marketing"), JsonValue.Create("ads"))),
            ("reportOnly", JsonValue.Create(false)),
            ("service", null),
            ("id", JsonValue.Create("ovr_1")));

        body.ShouldBe("{\"id\":\"ovr_1\",\"purposes\":[\"marketing\",\"ads\"],\"reportOnly\":false,\"ttlSeconds\":1800}");
    }

    [Fact]
    public void Write_Fraction_Refused()
    {
        Should.Throw<ArgumentException>(() => CanonicalJson.Write(("x", JsonValue.Create(1.5))));
    }
}
