import { IsBase64, IsNotEmpty, IsString } from 'class-validator';

/**
 * POST put_archive body: `{"data": "<base64 tar>"}` as `zun cp` sends it. The whole tar travels
 * inside JSON, so its size is bounded by the JSON body limit the app configures.
 */
export class PutArchiveDto {
  @IsString() @IsNotEmpty() @IsBase64() data!: string;
}
