namespace Gateway.Host.Departments.FileDrop;

/// <summary>
/// Shares the result files of one look at a department's folder out into lanes that may be handled at the same time: files that
/// report on a common case go into one lane, in the order the department wrote them, so a case's reports still arrive in the
/// department's order; files with no case in common go into separate lanes. A file naming several cases joins their lanes.
/// </summary>
public static class ResultFileLanes
{
    /// <summary>
    /// Lanes of indexes into <paramref name="caseNosOfFiles"/> (each file's case numbers, in the department's order); every index
    /// is in exactly one lane, each lane ascending; lanes ordered by their first file.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Build(IReadOnlyList<IReadOnlyCollection<string>> caseNosOfFiles)
    {
        var laneOfCase = new Dictionary<string, int>(StringComparer.Ordinal);
        var lanes = new List<List<int>?>();
        for (var file = 0; file < caseNosOfFiles.Count; file++)
        {
            var cases = caseNosOfFiles[file];
            var touched = cases.Where(laneOfCase.ContainsKey).Select(c => laneOfCase[c]).Distinct().Order().ToList();
            int lane;
            if (touched.Count == 0)
            {
                lane = lanes.Count;
                lanes.Add([]);
            }
            else
            {
                lane = touched[0];
                foreach (var other in touched.Skip(1))
                {
                    lanes[lane]!.AddRange(lanes[other]!);
                    lanes[other] = null;
                    foreach (var c in laneOfCase.Where(kv => kv.Value == other).Select(kv => kv.Key).ToList()) laneOfCase[c] = lane;
                }
            }
            lanes[lane]!.Add(file);
            foreach (var c in cases) laneOfCase[c] = lane;
        }
        return lanes.Where(l => l is not null).Select(l => (IReadOnlyList<int>)l!.Order().ToList()).OrderBy(l => l[0]).ToList();
    }
}
