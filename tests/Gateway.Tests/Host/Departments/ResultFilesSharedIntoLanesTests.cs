using Gateway.Host.Departments.FileDrop;
using Xunit;

namespace Gateway.Tests.Host.Departments;

/// <summary>A department's result files are handled several at once, but never two files about one case at the same time.</summary>
public class ResultFilesSharedIntoLanes
{
    static IReadOnlyList<IReadOnlyList<int>> Lanes(params string[][] casesOfFiles) =>
        ResultFileLanes.Build(casesOfFiles.Select(c => (IReadOnlyCollection<string>)c).ToList());

    [Fact]
    public void Should_put_files_of_different_cases_in_lanes_of_their_own()
    {
        var lanes = Lanes(["A"], ["B"], ["C"]);
        Assert.Equal([[0], [1], [2]], lanes.Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Should_keep_the_files_of_one_case_in_one_lane_in_the_order_written()
    {
        var lanes = Lanes(["A"], ["B"], ["A"], ["C"], ["B"], ["A"]);
        Assert.Equal([[0, 2, 5], [1, 4], [3]], lanes.Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Should_join_the_lanes_of_every_case_a_file_names()
    {
        // File 3 names A and B: everything about A or B, before and after it, is one lane in the department's order.
        var lanes = Lanes(["A"], ["B"], ["C"], ["B", "A"], ["A"], ["C"], ["D"]);
        Assert.Equal([[0, 1, 3, 4], [2, 5], [6]], lanes.Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Should_join_lanes_again_when_a_later_file_links_a_case_already_joined()
    {
        var lanes = Lanes(["A"], ["B"], ["C"], ["A", "B"], ["C", "B"], ["E"]);
        Assert.Equal([[0, 1, 2, 3, 4], [5]], lanes.Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Should_join_three_lanes_at_once_when_one_file_names_their_cases()
    {
        var lanes = Lanes(["A"], ["B"], ["C"], ["D"], ["C", "A", "B"], ["B"], ["D"]);
        Assert.Equal([[0, 1, 2, 4, 5], [3, 6]], lanes.Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Should_give_a_file_naming_no_case_a_lane_of_its_own_and_lose_no_file()
    {
        var lanes = Lanes([], ["A"], [], ["A"]);
        Assert.Equal([[0], [1, 3], [2]], lanes.Select(l => l.ToArray()).ToArray());
        Assert.Empty(Lanes());
    }
}
