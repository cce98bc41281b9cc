namespace Glyphh.Quotas.Tests;

public class QuotaNamespaceTests
{
    [Theory]
    [InlineData("m1")]
    [InlineData("My-Model_2.v3")]
    [InlineData(QuotaNamespace.Deployment)]
    [InlineData("0")]
    public void IsValid_AcceptedNames_True(string name) => Assert.True(QuotaNamespace.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-m")]
    [InlineData("_other")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("modèle")]
    [InlineData("'; DROP TABLE x; --")]
    [InlineData("*")]
    public void IsValid_HostileNames_False(string name) => Assert.False(QuotaNamespace.IsValid(name));

    [Fact]
    public void IsValid_Length_LimitedToMaxLength()
    {
        Assert.True(QuotaNamespace.IsValid(new string('a', QuotaNamespace.MaxLength)));
        Assert.False(QuotaNamespace.IsValid(new string('a', QuotaNamespace.MaxLength + 1)));
        Assert.False(QuotaNamespace.IsValid(null));
    }
}
