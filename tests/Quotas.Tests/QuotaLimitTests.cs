namespace Glyphh.Quotas.Tests;

public class QuotaLimitTests
{
    [Fact]
    public void Default_IsZeroLimit_NotUnlimited()
    {
        var limit = default(QuotaLimit);

        Assert.False(limit.IsUnlimited);
        Assert.Equal(0, limit.Value);
        Assert.False(limit.Allows(1));
    }

    [Fact]
    public void Unlimited_HasNoValue_AndAllowsUpToMaxValue()
    {
        var limit = QuotaLimit.Unlimited;

        Assert.True(limit.IsUnlimited);
        Assert.Throws<InvalidOperationException>(() => limit.Value);
        Assert.True(limit.Allows(QuotaLimit.MaxValue));
        Assert.False(limit.Allows(QuotaLimit.MaxValue + 1));
        Assert.Null(limit.ToNullable());
        Assert.Equal("unlimited", limit.ToString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(QuotaLimit.MaxValue + 1)]
    [InlineData(long.MaxValue)]
    public void Of_OutOfRange_ThrowsInvalidLimit(long value)
    {
        var exception = Assert.Throws<QuotaException>(() => QuotaLimit.Of(value));

        Assert.Equal(QuotaErrorCodes.InvalidLimit, exception.ErrorCode);
    }

    [Fact]
    public void Min_TreatsUnlimitedAsLargest()
    {
        Assert.Equal(QuotaLimit.Of(5), QuotaLimit.Min(QuotaLimit.Unlimited, QuotaLimit.Of(5)));
        Assert.Equal(QuotaLimit.Of(5), QuotaLimit.Min(QuotaLimit.Of(5), QuotaLimit.Unlimited));
        Assert.Equal(QuotaLimit.Of(3), QuotaLimit.Min(QuotaLimit.Of(5), QuotaLimit.Of(3)));
        Assert.Equal(QuotaLimit.Unlimited, QuotaLimit.Min(QuotaLimit.Unlimited, QuotaLimit.Unlimited));
    }

    [Fact]
    public void FromNullable_RoundTrips()
    {
        Assert.Equal(QuotaLimit.Unlimited, QuotaLimit.FromNullable(null));
        Assert.Equal(42, QuotaLimit.FromNullable(42).ToNullable());
        Assert.NotEqual(QuotaLimit.Of(0), QuotaLimit.Unlimited);
    }
}
