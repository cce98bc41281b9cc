using Glyphh.Quotas.PostgreSql;
using Glyphh.TestSupport;

namespace Glyphh.Quotas.Tests;

public class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(IQuotaService).Assembly);

    [Fact]
    public void PublicApi_PostgreSql_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(PostgreSqlQuotaStoreOptions).Assembly);
}
