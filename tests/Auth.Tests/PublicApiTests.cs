using Glyphh.TestSupport;

namespace Glyphh.Auth.Tests;

/// <summary>The public surface of Glyphh.Auth changes only on purpose.</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(GlyphhAuthOptions).Assembly);
}
