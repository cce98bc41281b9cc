using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Data annotations of <see cref="DataDirectoryCheckOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class DataDirectoryCheckOptionsValidator : IValidateOptions<DataDirectoryCheckOptions>;
