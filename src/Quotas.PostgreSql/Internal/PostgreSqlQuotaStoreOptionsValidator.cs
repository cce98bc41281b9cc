using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.PostgreSql.Internal;

/// <summary>Checks the DataAnnotations of <see cref="PostgreSqlQuotaStoreOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class PostgreSqlQuotaStoreOptionsValidator : IValidateOptions<PostgreSqlQuotaStoreOptions>;
