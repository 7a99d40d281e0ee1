import { createHash } from 'node:crypto';
import { AwsError, type Handler } from '../../core/types';
import { stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { stableId } from './ids';
import { paginate } from './pagination';

/**
 * Amazon's public Amazon Linux images, as DescribeImages lists them: Amazon Linux 2023 (standard and minimal)
 * and Amazon Linux 2, x86_64 and arm64, one release every two weeks up to the sandbox's clock, so that a name
 * filter or a "latest by CreationDate" lookup finds a current image on any date, as on AWS. Each public image
 * is deprecated two years after it was made (EC2 User Guide, "Deprecate an AMI": the default for public AMIs);
 * Amazon Linux 2 has no releases after its end of support, 2026-06-30. Versions and image ids are the
 * sandbox's own, not the real ones (those differ per region and change with every release).
 */

export const AMAZON_OWNER_ID = '137112412989';

interface CatalogueEntry {
  name: string;
  description: string;
  architecture: 'x86_64' | 'arm64';
  /** YYYY-MM-DD of the release. */
  released: string;
  volumeSize: number;
  volumeType: 'gp2' | 'gp3';
  al2023: boolean;
}

const DAY_MS = 86_400_000;
const CADENCE_MS = 14 * DAY_MS;
/** Amazon Linux 2023 was released on 2023-03-15; its minor version moves about once a quarter. */
const AL2023_FIRST_MS = Date.UTC(2023, 2, 15);
/** The oldest Amazon Linux 2 release the catalogue keeps, and its end of support. */
const AL2_FIRST_MS = Date.UTC(2023, 2, 8);
const AL2_LAST_MS = Date.UTC(2026, 5, 30);
const DEPRECATION_MS = 2 * 365 * DAY_MS;

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How many two-weekly releases from `first` are out by `until` (inclusive). */
const releaseCount = (first: number, until: number) =>
  until < first ? 0 : Math.floor((until - first) / CADENCE_MS) + 1;

/** The releases out by `nowMs` (a build is public the day after its build day, see creationDate). */
function releasesBy(nowMs: number): { al2023: number; al2: number } {
  const until = nowMs - DAY_MS;
  return {
    al2023: releaseCount(AL2023_FIRST_MS, until),
    al2: releaseCount(AL2_FIRST_MS, Math.min(until, AL2_LAST_MS)),
  };
}

/** The release days of `count` releases from `first`. */
const releaseDays = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => first + i * CADENCE_MS);

function al2023Version(ms: number): string {
  const d = new Date(ms);
  const months = (d.getUTCFullYear() - 2023) * 12 + d.getUTCMonth() - 2;
  return `2023.${Math.floor(months / 3)}.${ymd(ms).replaceAll('-', '')}.0`;
}

function al2023Entries(ms: number): CatalogueEntry[] {
  const v = al2023Version(ms);
  return (['x86_64', 'arm64'] as const).flatMap((arch) => [
    {
      name: `al2023-ami-${v}-kernel-6.1-${arch}`,
      description: `Amazon Linux 2023 AMI ${v} ${arch} HVM kernel-6.1`,
      architecture: arch,
      released: ymd(ms),
      volumeSize: 8,
      volumeType: 'gp3' as const,
      al2023: true,
    },
    {
      name: `al2023-ami-minimal-${v}-kernel-6.1-${arch}`,
      description: `Amazon Linux 2023 AMI ${v} ${arch} Minimal HVM kernel-6.1`,
      architecture: arch,
      released: ymd(ms),
      volumeSize: 2,
      volumeType: 'gp3' as const,
      al2023: true,
    },
  ]);
}

function al2Entries(ms: number): CatalogueEntry[] {
  const v = `2.0.${ymd(ms).replaceAll('-', '')}.0`;
  return (['x86_64', 'arm64'] as const).flatMap((arch) => [
    {
      name: `amzn2-ami-kernel-5.10-hvm-${v}-${arch}-gp2`,
      description: `Amazon Linux 2 Kernel 5.10 AMI ${v} ${arch} HVM gp2`,
      architecture: arch,
      released: ymd(ms),
      volumeSize: 8,
      volumeType: 'gp2' as const,
      al2023: false,
    },
    {
      name: `amzn2-ami-hvm-${v}-${arch}-gp2`,
      description: `Amazon Linux 2 AMI ${v} ${arch} HVM gp2`,
      architecture: arch,
      released: ymd(ms),
      volumeSize: 8,
      volumeType: 'gp2' as const,
      al2023: false,
    },
  ]);
}

/** Every image of the given releases. */
function catalogue(out: { al2023: number; al2: number }): CatalogueEntry[] {
  return [
    ...releaseDays(AL2023_FIRST_MS, out.al2023).flatMap(al2023Entries),
    ...releaseDays(AL2_FIRST_MS, out.al2).flatMap(al2Entries),
  ];
}

/** A build time on the day before the release, varying by image like real creation dates do. */
function creationDate(entry: CatalogueEntry): string {
  const day = new Date(`${entry.released}T00:00:00.000Z`).getTime() - 24 * 3600_000;
  const seconds = createHash('sha256').update(entry.name).digest().readUInt32BE(0) % 86_400;
  return new Date(day + seconds * 1000).toISOString();
}

export type ImageView = ReturnType<typeof imageView>;

function imageView(region: string, entry: CatalogueEntry) {
  const created = creationDate(entry);
  const deprecation = new Date(new Date(created).getTime() + DEPRECATION_MS);
  return {
    Architecture: entry.architecture,
    CreationDate: created,
    ImageId: stableId('ami', region, entry.name),
    ImageLocation: `amazon/${entry.name}`,
    ImageType: 'machine',
    Public: true,
    OwnerId: AMAZON_OWNER_ID,
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    State: 'available',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          DeleteOnTermination: true,
          SnapshotId: stableId('snap', region, entry.name),
          VolumeSize: entry.volumeSize,
          VolumeType: entry.volumeType,
          Encrypted: false,
          ...(entry.volumeType === 'gp3' ? { Iops: 3000, Throughput: 125 } : {}),
        },
      },
    ],
    Description: entry.description,
    EnaSupport: true,
    Hypervisor: 'xen',
    ImageOwnerAlias: 'amazon',
    Name: entry.name,
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    VirtualizationType: 'hvm',
    ...(entry.al2023
      ? { BootMode: entry.architecture === 'arm64' ? 'uefi' : 'uefi-preferred', ImdsSupport: 'v2.0' }
      : {}),
    DeprecationTime: deprecation.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
  };
}

/** The views of one region, rebuilt only when a release is added (every two weeks of sandbox time). */
const views = new Map<string, { count: string; images: ImageView[]; byId: Map<string, ImageView> }>();

/** Every image released by `now` in `region`, deprecated ones included. */
export function imagesIn(region: string, now: Date): ImageView[] {
  return regionViews(region, now).images;
}

function regionViews(region: string, now: Date) {
  // The releases so far, counted without building them: the views are rebuilt only when one is added.
  const out = releasesBy(now.getTime());
  const count = `${out.al2023}:${out.al2}`;
  const cached = views.get(region);
  if (cached?.count === count) return cached;
  const images = catalogue(out).map((entry) => imageView(region, entry));
  const fresh = { count, images, byId: new Map(images.map((i) => [i.ImageId, i])) };
  views.set(region, fresh);
  return fresh;
}

export function findImage(region: string, imageId: string, now: Date): ImageView | undefined {
  return regionViews(region, now).byId.get(imageId);
}

const isDeprecated = (image: ImageView, now: Date) => Date.parse(image.DeprecationTime) <= now.getTime();

/**
 * The public SSM parameters /aws/service/ami-amazon-linux-latest/* resolved to the newest image of this
 * catalogue, for template parameters of type AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>.
 */
export function amazonLinuxLatestParameter(
  region: string,
  parameterName: string,
  now: Date,
): string | undefined {
  const prefix = '/aws/service/ami-amazon-linux-latest/';
  if (!parameterName.startsWith(prefix)) return undefined;
  const key = parameterName.slice(prefix.length);
  const patterns: Record<string, RegExp> = {
    'al2023-ami-kernel-default-x86_64': /^al2023-ami-2023.*-kernel-6\.1-x86_64$/,
    'al2023-ami-kernel-6.1-x86_64': /^al2023-ami-2023.*-kernel-6\.1-x86_64$/,
    'al2023-ami-kernel-default-arm64': /^al2023-ami-2023.*-kernel-6\.1-arm64$/,
    'al2023-ami-kernel-6.1-arm64': /^al2023-ami-2023.*-kernel-6\.1-arm64$/,
    'al2023-ami-minimal-kernel-default-x86_64': /^al2023-ami-minimal-.*-x86_64$/,
    'al2023-ami-minimal-kernel-default-arm64': /^al2023-ami-minimal-.*-arm64$/,
    'amzn2-ami-hvm-x86_64-gp2': /^amzn2-ami-hvm-.*-x86_64-gp2$/,
    'amzn2-ami-hvm-arm64-gp2': /^amzn2-ami-hvm-.*-arm64-gp2$/,
    'amzn2-ami-kernel-5.10-hvm-x86_64-gp2': /^amzn2-ami-kernel-5\.10-hvm-.*-x86_64-gp2$/,
  };
  const pattern = patterns[key];
  if (!pattern) return undefined;
  const newest = imagesIn(region, now)
    .filter((i) => pattern.test(i.Name))
    .sort((a, b) => b.CreationDate.localeCompare(a.CreationDate))[0];
  return newest?.ImageId;
}

/** Owners=amazon, or Amazon's account id, selects these images; `self` selects none (the account has no AMIs). */
function owners(requested: string[]): (image: ImageView) => boolean {
  if (requested.length === 0) return () => true;
  return (image) => requested.some((o) => o === 'amazon' || o === image.OwnerId);
}

export const imageOperations: Record<string, Handler> = {
  DescribeImages(ctx, input) {
    const images = imagesIn(ctx.region, ctx.now());
    const ids = stringList(input.ImageIds);
    for (const id of ids) {
      if (!/^ami-[0-9a-f]{8,17}$/.test(id))
        throw new AwsError('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`);
    }
    const missing = ids.filter((id) => !images.some((i) => i.ImageId === id));
    if (missing.length > 0) {
      throw new AwsError('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
    }
    // Deprecated images are left out of a listing unless asked for; named by id, they are described.
    const withDeprecated =
      ids.length > 0 || input.IncludeDeprecated === true || input.IncludeDeprecated === 'true';
    const now = ctx.now();
    const picked = images
      .filter((i) => (ids.length === 0 ? withDeprecated || !isDeprecated(i, now) : ids.includes(i.ImageId)))
      .filter(owners(stringList(input.Owners)));
    const filtered = applyFilters(picked, input.Filters as Filter[] | undefined, {
      name: (i) => i.Name,
      'image-id': (i) => i.ImageId,
      architecture: (i) => i.Architecture,
      'owner-alias': (i) => i.ImageOwnerAlias,
      'owner-id': (i) => i.OwnerId,
      state: (i) => i.State,
      description: (i) => i.Description,
      'image-type': (i) => i.ImageType,
      'is-public': (i) => i.Public,
      'platform-details': (i) => i.PlatformDetails,
      'root-device-type': (i) => i.RootDeviceType,
      'root-device-name': (i) => i.RootDeviceName,
      'virtualization-type': (i) => i.VirtualizationType,
      hypervisor: (i) => i.Hypervisor,
      'ena-support': (i) => i.EnaSupport,
      'creation-date': (i) => i.CreationDate,
      'block-device-mapping.volume-type': (i) => i.BlockDeviceMappings.map((b) => b.Ebs.VolumeType),
      'block-device-mapping.volume-size': (i) => i.BlockDeviceMappings.map((b) => b.Ebs.VolumeSize),
    });
    const { page, NextToken } = paginate(filtered, input, { min: 5, max: 1000, cap: ctx.pageSize });
    return { Images: page, ...(NextToken ? { NextToken } : {}) };
  },
};
